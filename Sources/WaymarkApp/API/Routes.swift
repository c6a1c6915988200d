import Fluent
import SQLKit
import Vapor

enum Routes {
    static func register(on app: Application) throws {
        app.middleware = Middlewares()
        app.middleware.use(WaymarkErrorMiddleware())

        app.get("health") { req async throws -> HealthResponse in
            try await (req.db as! any SQLDatabase).raw("SELECT 1").run()
            return HealthResponse(status: "ok", database: req.db is any SQLDatabase ? String(describing: req.db.context.configuration).contains("Postgres") ? "postgresql" : "sqlite" : "unknown")
        }

        let api = app.grouped("api", "v1")
        try api.register(collection: PlansAPIController())
    }
}

struct HealthResponse: Content {
    var status: String
    var database: String
}
