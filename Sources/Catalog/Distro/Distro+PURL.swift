public import Model

extension Distro {
    /// The purl `distro` qualifier: `debian-12`, `alpine-3.14.10`; `debian-trixie` for a release known only
    /// by codename (syft would write plain `debian`); nil when the distro is unknown.
    public var purlQualifier: String? {
        guard !isUnknown else { return nil }
        if let versionID { return "\(id)-\(versionID)" }
        if let codename { return "\(id)-\(codename)" }
        return id
    }

    /// Whether this distro is `family` or says it is like it (`ID_LIKE`), e.g. Ubuntu is like `debian`.
    public func isLike(_ family: String) -> Bool {
        id == family || idLike.contains(family)
    }
}
