import Foundation

extension SourceOptions {
    /// Fills the registry settings that flags left unset from the environment: `PLIMSOLL_REGISTRY_USERNAME`,
    /// `PLIMSOLL_REGISTRY_PASSWORD`, `PLIMSOLL_REGISTRY_CA` (a PEM bundle), and adds the comma-separated
    /// hosts of `PLIMSOLL_REGISTRY_INSECURE` to `insecureRegistries`.
    public mutating func applyRegistryEnvironment(_ environment: [String: String]) {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        if username == nil, password == nil {
            username = value("PLIMSOLL_REGISTRY_USERNAME")
            password = value("PLIMSOLL_REGISTRY_PASSWORD")
        }
        if caBundle == nil { caBundle = value("PLIMSOLL_REGISTRY_CA") }
        for host in (value("PLIMSOLL_REGISTRY_INSECURE") ?? "").split(separator: ",") {
            let trimmed = host.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, !insecureRegistries.contains(trimmed) { insecureRegistries.append(trimmed) }
        }
    }
}
