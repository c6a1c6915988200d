package import Foundation
import Yams

/// `openapi.yaml`, compiled into the binary, and what is served from it: the whole document as
/// JSON at /api/v1/openapi.json, and its Publication schema as JSON Schema at
/// /public/publication.schema.json. Each is converted once, at first use, and never written twice.
package enum APIDocument {
    package static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The document as JSON, its keys in the order the YAML writes them.
    package static let json: String = {
        guard let root = try? Yams.compose(yaml: yaml) else { preconditionFailure("openapi.yaml does not parse") }
        return JSONText.render(root)
    }()

    /// The schema of a publication's JSON, standalone: the `Publication` component with the
    /// dialect named, as re-users' validators expect.
    package static let publicationSchema: String = {
        guard let root = try? Yams.compose(yaml: yaml), let schema = root["components"]?["schemas"]?["Publication"],
              case .mapping(var mapping) = schema else {
            preconditionFailure("openapi.yaml has no components.schemas.Publication")
        }
        var standalone = Node.Mapping([(Node("$schema"), Node("https://json-schema.org/draft/2020-12/schema"))])
        for (key, value) in mapping { standalone[key] = value }
        mapping = standalone
        return JSONText.render(.mapping(mapping))
    }()

    /// The parsed document, for the parameter rules; nil only if the compiled-in file is broken,
    /// which the build's own generator would have refused first.
    static func root() -> Node? { try? Yams.compose(yaml: yaml) }
}

/// A YAML node written as JSON with one-space indents, keeping the mapping's order; plain
/// scalars keep the type YAML resolves for them (so `200` is a number and `'200'` a string).
enum JSONText {
    static func render(_ node: Node) -> String {
        var out = ""
        write(node, indent: 0, into: &out)
        out.append("\n")
        return out
    }

    private static func write(_ node: Node, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 1)
        switch node {
        case .mapping(let mapping):
            guard !mapping.isEmpty else { out.append("{}"); return }
            out.append("{\n")
            for (index, pair) in mapping.enumerated() {
                out.append(pad)
                out.append(quoted(pair.key.string ?? ""))
                out.append(": ")
                write(pair.value, indent: indent + 1, into: &out)
                out.append(index == mapping.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: " ", count: indent))
            out.append("}")
        case .sequence(let sequence):
            guard !sequence.isEmpty else { out.append("[]"); return }
            out.append("[\n")
            for (index, item) in sequence.enumerated() {
                out.append(pad)
                write(item, indent: indent + 1, into: &out)
                out.append(index == sequence.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: " ", count: indent))
            out.append("]")
        case .scalar(let scalar):
            out.append(scalarJSON(scalar, node: node))
        default:
            preconditionFailure("openapi.yaml uses an alias; write the value out")
        }
    }

    /// Yams answers each of these only when the scalar resolves to that type (a quoted one is a string).
    private static func scalarJSON(_ scalar: Node.Scalar, node: Node) -> String {
        if node.null != nil { return "null" }
        if let flag = node.bool { return flag ? "true" : "false" }
        if let number = node.int { return String(number) }
        if let number = node.float, number.isFinite { return "\(number)" }
        return quoted(scalar.string)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out.append(String(format: "\\u%04x", scalar.value))
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
        return out
    }
}
