/// Every cataloger, in the order they run. A test checks that every cataloger type is listed.
public enum CatalogerRegistry {
    /// Catalogers of what is installed: package databases, installed metadata, archives and binaries.
    public static let installed: [any Cataloger] = [
        ApkCataloger(),
        DpkgCataloger(),
        RpmDBCataloger(),
        PythonInstalledCataloger(),
        JavaScriptPackageCataloger(),
        JavaArchiveCataloger(),
        GoBinaryCataloger(),
        CargoAuditableCataloger(),
        GemspecCataloger(),
        ComposerCataloger(.installed),
        DotNetDepsCataloger(),
        BinaryClassifierCataloger(),
    ]

    /// Catalogers of what a project declares (lock files, `go.mod`): they list what a build would install.
    /// Image scans leave them out, as syft does, because inside an image they duplicate or contradict what is
    /// really installed; `dir:` scans of a source tree run them.
    public static let declared: [any Cataloger] = [
        PythonLockfileCataloger(),
        JavaScriptLockfileCataloger(),
        GoModCataloger(),
        CargoLockCataloger(),
        GemfileLockCataloger(),
        ComposerCataloger(.lock),
    ]

    /// Both kinds.
    public static let all: [any Cataloger] = installed + declared
}
