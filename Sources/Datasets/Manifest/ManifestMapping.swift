import Foundation

/// How a ground-truth CSV maps onto the manifest model (image, group, role, angle) — the declarative part that lets
/// any image folder with a ground-truth CSV be a benchmark.
///
/// Read from `root/manifest.json` when that file exists; otherwise the defaults below, which fit
/// `smvs-dvd/groundtruth.csv` (`image,object,role,device`), `coil100/groundtruth.csv` (`image,object,angle_deg`) and
/// the generated dataset. Every key is optional:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `file` | `groundtruth.csv` | the CSV, relative to the dataset root |
/// | `image` | `image` | column: image path relative to the dataset root |
/// | `group` | `object` | column: group; images of one group are each other's positives |
/// | `role` | `role` | column: `reference`, `query` or `distractor` (after `roles`); absent column = no roles |
/// | `angle` | `angle_deg` | column: viewing angle in degrees (protocol `zero`); absent column = no angles |
/// | `roles` | `{}` | CSV value → role, e.g. `{"db": "reference", "probe": "query"}`; unmapped values must be a role name |
///
/// Example `manifest.json` for a CSV `file,label,kind` with kinds `db`/`probe`/`noise`:
/// `{"image": "file", "group": "label", "role": "kind", "roles": {"db": "reference", "probe": "query", "noise": "distractor"}}`
public struct ManifestMapping: Codable, Equatable, Sendable {
    public var file: String
    public var image: String
    public var group: String
    public var role: String
    public var angle: String
    public var roles: [String: String]

    /// The roles a manifest entry can have.
    public static let roleNames = ["reference", "query", "distractor"]
    public static let fileName = "manifest.json"

    public init(file: String = "groundtruth.csv", image: String = "image", group: String = "object",
                role: String = "role", angle: String = "angle_deg", roles: [String: String] = [:]) {
        self.file = file; self.image = image; self.group = group; self.role = role; self.angle = angle
        self.roles = roles
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case file, image, group, role, angle, roles }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ManifestMapping()
        file = try c.decodeIfPresent(String.self, forKey: .file) ?? d.file
        image = try c.decodeIfPresent(String.self, forKey: .image) ?? d.image
        group = try c.decodeIfPresent(String.self, forKey: .group) ?? d.group
        role = try c.decodeIfPresent(String.self, forKey: .role) ?? d.role
        angle = try c.decodeIfPresent(String.self, forKey: .angle) ?? d.angle
        roles = try c.decodeIfPresent([String: String].self, forKey: .roles) ?? d.roles
    }

    /// `root/manifest.json` if present (strict: unknown keys and unknown role targets are errors), else the defaults.
    public static func load(dataset: String, root: URL) throws -> ManifestMapping {
        let url = root.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return ManifestMapping() }
        func bad(_ problem: String) -> DatasetError { .malformed(file: url.path, line: 1, problem: problem) }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw bad("not a JSON object; expected e.g. {\"image\": \"file\", \"group\": \"label\"}")
        }
        let known = CodingKeys.allCases.map(\.rawValue)
        for key in object.keys.sorted() where !known.contains(key) {
            throw bad("unknown key '\(key)'.\(suggestion(key, known)) Known: \(known.joined(separator: ", "))")
        }
        let mapping: ManifestMapping
        do { mapping = try JSONDecoder().decode(ManifestMapping.self, from: data) } catch {
            throw bad("expected string values (and a string-to-string object for roles)")
        }
        for (value, target) in mapping.roles.sorted(by: { $0.key < $1.key }) where !roleNames.contains(target) {
            throw bad("roles.\(value): '\(target)' is not a role; expected reference, query or distractor")
        }
        return mapping
    }

    /// The role a CSV value stands for, or nil when it is neither mapped nor a role name.
    func role(of value: String) -> String? {
        if let mapped = roles[value] { return mapped }
        return Self.roleNames.contains(value) ? value : nil
    }
}
