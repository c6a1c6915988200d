import Vapor
import WaymarkCore

/// `/plans/:planID/settings`: the plan's status scheme and RAG thresholds.
struct PlanSettingsPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "settings", use: show)
        routes.post("plans", ":planID", "settings", use: save)
    }

    func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        guard PlanSettingsService.mayChange(user) else { throw Abort(.forbidden, reason: "Only administrators and the performance team can change a plan's settings.") }
        let plan = try await req.plan()
        let input = PlanSettingsService.Input(scheme: plan.statusScheme, greenMinimum: plan.ragGreenMinimum.map(String.init) ?? "",
                                              redAbove: plan.ragRedAbove.map(String.init) ?? "", version: plan.settingsVersion)
        return try await page(req, plan, input: input, errors: [], saved: req.query[String.self, at: "saved"] != nil)
    }

    func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let plan = try await req.plan()
        let form = try req.content.decode([String: String].self)
        let input = PlanSettingsService.Input(scheme: form["scheme"] ?? "", greenMinimum: form["green_minimum"] ?? "", redAbove: form["red_above"] ?? "",
                                              version: Int(form["version"] ?? "") ?? -1)
        switch try await PlanSettingsService(db: req.db, user: user).save(planID: try plan.requireID(), input) {
        case .saved: return req.redirect(to: "/plans/\(plan.id ?? 0)/settings?saved=1")
        case .invalid(let errors): return Response.html(try await page(req, plan, input: input, errors: errors, saved: false), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.plan()
            let current = PlanSettingsService.Input(scheme: fresh.statusScheme, greenMinimum: fresh.ragGreenMinimum.map(String.init) ?? "",
                                                    redAbove: fresh.ragRedAbove.map(String.init) ?? "", version: fresh.settingsVersion)
            return Response.html(try await page(req, fresh, input: current, errors: [], saved: false, conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    private func page(_ req: Request, _ plan: Plan, input: PlanSettingsService.Input, errors: [FieldError], saved: Bool, conflict: HTML = "") async throws -> HTML {
        let defaults = try await RatingSettings.rules(on: req.db)
        let planID = plan.id ?? 0
        let all = try await StatusSchemeService.all(on: req.db)
        let schemes = all.map { scheme -> (value: String, label: String) in
            (scheme.code, "\(scheme.name) (\(scheme.statuses.map(\.short).joined(separator: ", ")))")
        }
        let described = all.map { scheme -> HTML in
            let items = scheme.statuses.map { "<li>\(Layout.statusTag($0.short, key: $0.colour)) \(scheme.meaning(of: $0))</li>" as HTML }
            return "<h3>\(scheme.name)</h3><ul class=\"list\">\(items)</ul>"
        }
        return Layout.page("Settings – \(plan.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        \(conflict)
        \(saved ? FormFields.successBanner("Settings saved", "The plan's figures use these settings from now on. Closed periods keep the scheme and thresholds they closed under.") : "")
        <span class="caption">\(plan.title)</span>
        <h1>Plan settings</h1>
        <form method="post" action="/plans/\(planID)/settings" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          <input type="hidden" name="version" value="\(input.version)">
          \(FormFields.radios("scheme", legend: "Status scheme", hint: "The words the plan's reports use for milestone statuses. Lateness is always measured against the original deadline.", options: schemes, selected: input.scheme, errors: errors))
          <h2>Delivery rating (RAG) thresholds</h2>
          <p>Leave a threshold blank to use the default for every plan: GREEN from \(defaults.greenMinimumPercentCompletedOrOnTarget)%, RED above \(defaults.redAbovePercentOverdue)%.</p>
          \(MilestoneUpdateForm.textField("green_minimum", "GREEN needs at least this % completed or on track, with none late beyond tolerance", hint: "A whole number from 0 to 100", value: input.greenMinimum, errors: errors))
          \(MilestoneUpdateForm.textField("red_above", "RED when more than this % is late beyond tolerance", hint: "A whole number from 0 to 100", value: input.redAbove, errors: errors))
          <button class="button" type="submit">Save settings</button>
        </form>
        <h2>The schemes</h2>
        \(described)
        """)
    }
}
