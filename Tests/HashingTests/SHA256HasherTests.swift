import Hashing
import Model
import Testing

@Suite struct SHA256HasherTests {
    @Test func knownVector() {
        #expect(
            SHA256Hasher.digest(Array("abc".utf8)).description
                == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
