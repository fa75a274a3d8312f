import Testing

@testable import Versions

@Suite struct PitfallTests {
    @Test func placeholderCompiles() throws {
        #expect(try VersionScheme.dpkg.compare("1.0", "1.0~rc1") == 1)
    }
}
