import PlimsollCLI

#if canImport(Glibc)
    import Glibc
#endif

exit(await PlimsollCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
