/// What to authenticate to one registry with.
struct RegistryCredential: Sendable, Hashable {
    /// The user name (absent for identity tokens).
    var username: String?
    /// The password, personal access token or registry token.
    var password: String?
    /// An OAuth2 refresh token (`identitytoken` in docker config, or a helper's `<token>` user).
    var identityToken: String?
    /// Where it came from, for messages: `--username/--password`, `config.json auths`, `docker-credential-x`.
    var source: String
}
