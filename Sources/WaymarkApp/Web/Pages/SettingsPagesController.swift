import Vapor
import WaymarkCore

/// `/admin/settings`: the thresholds of the RAG delivery rating, which an administrator may change.
struct SettingsPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "settings", use: show)
        routes.post("admin", "settings", use: save)
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.editSettings)
        let rules = try await RatingSettings.rules(on: req.db)
        return try await page(req, green: String(rules.greenMinimumPercentCompletedOrOnTarget), red: String(rules.redAbovePercentOverdue), errors: [], saved: req.query[String.self, at: "saved"] != nil)
    }

    private func page(_ req: Request, green: String, red: String, errors: [FieldError], saved: Bool) async throws -> HTML {
        let twoStep = try await SecondFactorSettings.isOn(on: req.db)
        let token = CSRF.token(for: req)
        return
        Layout.page("Settings", context: req.layoutContext, errors: errors, """
        <h1>Settings</h1>
        <h2>Delivery rating rules</h2>
        \(saved ? HTML("<div class=\"notification notification--success\" role=\"status\"><p>The rules were saved. Reports work ratings out with them from now on; frozen snapshots keep their figures.</p></div>") : "")
        <p>Each area's overall delivery status is worked out from its milestones:</p>
        <ul class="list"><li><strong>GREEN</strong>: no overdue milestones, and at least the GREEN share completed or on target;</li>
        <li><strong>RED</strong>: more than the RED share overdue;</li><li><strong>AMBER</strong>: anything else.</li></ul>
        <p>A performance officer may still override an area's rating for a period, with a justification the report shows.</p>
        <p>These thresholds are the default; each plan may set its own on its settings page, where its <a href="/admin/schemes">status scheme</a> is chosen too.</p>
        <form method="post" action="/admin/settings" novalidate>\(Layout.csrfField(token))
          \(MilestoneUpdateForm.textField("green_minimum", "GREEN needs at least this % completed or on target", hint: "A whole number from 0 to 100; the Board's rule is 80", value: green, errors: errors))
          \(MilestoneUpdateForm.textField("red_above", "RED when more than this % is overdue", hint: "A whole number from 0 to 100; the Board's rule is 20", value: red, errors: errors))
          <button class="button" type="submit">Save the rules</button>
        </form>
        <h2 id="two-step">Two-step sign-in</h2>
        <p>Administrators and performance officers can change every record. When two-step sign-in is required, they must set it up at their next sign-in before they can do anything else.</p>
        <form method="post" action="/admin/settings/two-step" novalidate>\(Layout.csrfField(token))
          \(FormFields.radios("required", legend: "Require two-step sign-in for administrators and performance officers?",
                             options: [("yes", "Yes, require it"), ("no", "No, let each person choose")], selected: twoStep ? "yes" : "no", errors: []))
          <button class="button button--secondary" type="submit">Save</button>
        </form>
        """)
    }

    func save(req: Request) async throws -> Response {
        let user = try req.authorize(.editSettings)
        let form = try req.content.decode([String: String].self)
        let green = form["green_minimum"] ?? "", red = form["red_above"] ?? ""
        var errors: [FieldError] = []
        let greenValue = Int(green.trimmingCharacters(in: .whitespaces)), redValue = Int(red.trimmingCharacters(in: .whitespaces))
        if greenValue == nil { errors.append(.init(field: "green_minimum", message: "Enter the GREEN threshold as a whole number, like 80")) }
        if redValue == nil { errors.append(.init(field: "red_above", message: "Enter the RED threshold as a whole number, like 20")) }
        // A threshold that is a number is checked for range even when the other is not a number.
        let rules = DeliveryRatingRules(greenMinimumPercentCompletedOrOnTarget: greenValue ?? 80, redAbovePercentOverdue: redValue ?? 20)
        errors += rules.problems.map { FieldError(field: $0.field, message: $0.message) }
        if errors.isEmpty { errors = try await RatingSettings.save(rules, by: user, on: req.db).errors }
        guard errors.isEmpty else { return Response.html(try await page(req, green: green, red: red, errors: errors, saved: false), status: .unprocessableEntity) }
        return req.redirect(to: "/admin/settings?saved=1")
    }
}
