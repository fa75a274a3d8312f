/// Every subcommand, in the order `plimsoll --help` lists them. A test checks each file in Commands/ is here.
enum CommandRegistry {
    static let all: [any Subcommand.Type] = [
        SBOMCommand.self,
        ScanCommand.self,
        DBCommand.self,
        VersionCompareCommand.self,
    ]
}
