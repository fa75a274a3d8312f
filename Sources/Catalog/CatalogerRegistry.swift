/// Every cataloger, in the order they run. A test checks that every cataloger type is listed.
public enum CatalogerRegistry {
    public static let all: [any Cataloger] = [
        ApkCataloger(),
        DpkgCataloger(),
        RpmDBCataloger(),
        PythonInstalledCataloger(),
        PythonLockfileCataloger(),
        JavaScriptPackageCataloger(),
        JavaScriptLockfileCataloger(),
        JavaArchiveCataloger(),
        GoBinaryCataloger(),
        GoModCataloger(),
        CargoAuditableCataloger(),
        CargoLockCataloger(),
        GemspecCataloger(),
        GemfileLockCataloger(),
        ComposerCataloger(.installed),
        ComposerCataloger(.lock),
        DotNetDepsCataloger(),
        BinaryClassifierCataloger(),
    ]
}
