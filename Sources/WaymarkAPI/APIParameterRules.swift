import Yams

/// What openapi.yaml says each operation's path and query parameters must be. The generated
/// server checks only that a value parses as its type, and its error does not name the
/// parameter; these rules let the server refuse a bad value before that, saying which parameter
/// and what it must be, with the limits (minimum, maximum, length) the document gives.
package struct APIParameterRule: Sendable, Equatable {
    package enum Location: String, Sendable { case path, query }

    package var name: String
    package var location: Location
    package var type: String
    package var format: String?
    package var minimum: Int?
    package var maximum: Int?
    package var minLength: Int?
    package var allowed: [String]?

    package init(name: String, location: Location, type: String, format: String? = nil, minimum: Int? = nil, maximum: Int? = nil,
                 minLength: Int? = nil, allowed: [String]? = nil) {
        (self.name, self.location, self.type, self.format) = (name, location, type, format)
        (self.minimum, self.maximum, self.minLength, self.allowed) = (minimum, maximum, minLength, allowed)
    }
}

package enum APIParameterRules {
    /// Keyed by method and path template, as in "GET /api/v1/plans/{id}".
    package static let byOperation: [String: [APIParameterRule]] = {
        guard let root = APIDocument.root() else { return [:] }
        return rules(in: root)
    }()

    package static func key(method: String, path: String) -> String { "\(method.uppercased()) \(path)" }

    static func rules(in root: Node) -> [String: [APIParameterRule]] {
        guard case .mapping(let paths)? = root["paths"] else { return [:] }
        var out: [String: [APIParameterRule]] = [:]
        for (pathNode, item) in paths {
            guard let path = pathNode.string, case .mapping(let methods) = item else { continue }
            for (methodNode, operation) in methods {
                guard let method = methodNode.string, case .sequence(let parameters)? = operation["parameters"] else { continue }
                out[key(method: method, path: path)] = parameters.compactMap(rule)
            }
        }
        return out
    }

    private static func rule(_ parameter: Node) -> APIParameterRule? {
        guard let name = parameter["name"]?.string, let location = parameter["in"]?.string.flatMap({ APIParameterRule.Location(rawValue: $0) }),
              let schema = parameter["schema"] else { return nil }
        let allowed: [String]? = if case .sequence(let values)? = schema["enum"] { values.compactMap(\.string) } else { nil }
        return APIParameterRule(name: name, location: location, type: schema["type"]?.string ?? "string", format: schema["format"]?.string,
                                minimum: schema["minimum"]?.int, maximum: schema["maximum"]?.int, minLength: schema["minLength"]?.int,
                                allowed: allowed)
    }
}
