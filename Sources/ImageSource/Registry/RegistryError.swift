public import Model

/// Why an image could not be pulled from a registry; the message names the reference, host or digest.
public struct RegistryError: Error, CustomStringConvertible, ExitCodeProviding {
    /// What kind of failure it was.
    public enum Code: Sendable, Hashable {
        /// The reference string is not a valid image reference.
        case invalidReference
        /// The `--platform` value is not `os/arch[/variant]`.
        case invalidPlatform
        /// The registry has no such repository, tag or manifest.
        case manifestUnknown
        /// The registry has no such blob.
        case blobUnknown
        /// Credentials were missing or rejected.
        case unauthorized
        /// The credentials were accepted but do not grant access.
        case denied
        /// The manifest format is not supported (Docker schema 1, an unknown media type, not an image).
        case unsupportedManifest
        /// A manifest or config could not be parsed.
        case malformed
        /// Bytes did not hash to their digest, or their size was not the one announced.
        case digestMismatch
        /// The index has no manifest for the requested platform.
        case platformNotFound
        /// The registry kept answering 429 / 5xx, or asked to wait longer than allowed.
        case unavailable
        /// The registry could not be reached or the connection failed.
        case network
        /// The registry answered with an unexpected status.
        case unexpectedStatus
        /// A credential helper or the docker config file failed.
        case credentials
        /// The blob cache could not be written or read.
        case cache
    }

    /// What kind of failure it was.
    public var code: Code
    /// The one-line message shown after `error: `.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Invalid references and platforms are usage errors (64); everything else means the scan could not complete (2).
    public var exitCode: ExitCode {
        switch code {
        case .invalidReference, .invalidPlatform: .usage
        default: .couldNotComplete
        }
    }
}
