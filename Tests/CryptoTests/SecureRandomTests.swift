import Crypto
import Testing

struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 1000])
    func returnsTheRequestedNumberOfBytes(count: Int) throws {
        #expect(try SecureRandom.bytes(count: count).count == count)
    }

    @Test func successiveCallsDiffer() throws {
        let samples = try (0..<100).map { _ in try SecureRandom.bytes(count: 32) }
        #expect(Set(samples).count == samples.count)
    }

    @Test func bytesAreNotConstant() throws {
        let bytes = try SecureRandom.bytes(count: 1024)
        // A fair generator repeats one value 1024 times with probability 2^-8184.
        #expect(Set(bytes).count > 200)
    }
}
