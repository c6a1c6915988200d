import Foundation
import Vapor
import WaymarkCore

/// The page shown when someone else saved first, and the form fields and words the milestone's
/// pages share.
enum MilestoneUpdateForm {
    static func conflictPage(_ context: Layout.Context, current: MilestoneRecord, yours: MilestoneUpdateService.Input,
                             changedBy: String, at: Date?) -> HTML {
        let m = current.milestone
        let when = at.map { Self.timestamp($0) } ?? "recently"
        func show(_ iso: String?) -> String { iso.flatMap { CalendarDate(iso: $0)?.display } ?? "None" }
        func showInput(_ text: String) -> String { text.isEmpty ? "None" : (CalendarDate(iso: text)?.display ?? text) }
        return Layout.page("This milestone has changed", context: context, """
        <h1>This milestone was changed by \(changedBy) at \(when) since you opened it</h1>
        <p>Your update has not been saved, so nothing has been overwritten. Compare the two versions, then open the form again to record your update on top of theirs.</p>
        <div class="compare">
          <div><h2>Now saved</h2><dl class="summary-list">
            <dt>Forecast</dt><dd>\(show(m.forecastDate))</dd><dt>Completed</dt><dd>\(show(m.completedDate))</dd>
          </dl></div>
          <div><h2>Your update</h2><dl class="summary-list">
            <dt>Forecast</dt><dd>\(showInput(yours.forecast))</dd><dt>Completed</dt><dd>\(showInput(yours.completed))</dd>
            <dt>Commentary</dt><dd>\(yours.commentary)</dd>
          </dl></div>
        </div>
        <p><a class="button" href="/milestones/\(m.id ?? 0)/update">Open the form again</a> <a href="/milestones/\(m.id ?? 0)">Back to the milestone</a></p>
        """)
    }

    /// Why a milestone has its status, without repeating the status the tag beside it already
    /// names: "Overdue: due 30 Jun 2017, …" gives "Due 30 Jun 2017, …".
    static func reason(_ assessment: StatusAssessment) -> String {
        let prefix = assessment.status.label + ": ", text = assessment.explanation
        guard text.hasPrefix(prefix) else { return text }
        let rest = text.dropFirst(prefix.count)
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    static func timestamp(_ date: Date) -> String {
        timestampFormatter.string(from: date)
    }

    // DateFormatter is costly to make and safe to share for formatting.
    private static let timestampFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "HH:mm 'on' d MMM yyyy"
        return formatter
    }()

    static func fieldParts(_ name: String, hint: String?, errors: [FieldError]) -> (group: HTML, error: HTML, describedBy: HTML, errorClass: String) {
        let error = errors.first { $0.field == name }
        let ids = [hint == nil ? nil : "\(name)-hint", error == nil ? nil : "\(name)-error"].compactMap { $0 }
        return (
            error == nil ? "form-group" : "form-group form-group--error",
            (hint.map { "<span class=\"hint\" id=\"\(name)-hint\">\($0)</span>" as HTML } ?? "") +
                (error.map { "<p class=\"error-message\" id=\"\(name)-error\"><span class=\"visually-hidden\">Error:</span> \($0.message)</p>" as HTML } ?? ""),
            ids.isEmpty ? "" : " aria-describedby=\"\(ids.joined(separator: " "))\"",
            error == nil ? "" : " input--error"
        )
    }

    static func textarea(_ name: String, _ label: String, hint: String?, value: String, errors: [FieldError]) -> HTML {
        let p = fieldParts(name, hint: hint, errors: errors)
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<textarea class=\"textarea\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\" rows=\"5\"\(p.describedBy)>\(value)</textarea></div>"
    }

    static func textField(_ name: String, _ label: String, hint: String?, value: String, errors: [FieldError]) -> HTML {
        let p = fieldParts(name, hint: hint, errors: errors)
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<input class=\"input input--width-10\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\" type=\"text\" value=\"\(value)\"\(p.describedBy)></div>"
    }

    static func dateField(_ name: String, _ label: String, hint: String?, value: String, errors: [FieldError]) -> HTML {
        let p = fieldParts(name, hint: hint, errors: errors)
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<input class=\"input input--width-10\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\" type=\"date\" value=\"\(value)\"\(p.describedBy)></div>"
    }
}

extension HTML {
    static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(unsafe: lhs.rendered + rhs.rendered) }
}
