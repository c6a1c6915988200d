import Vapor

/// The documented schema of a publication's JSON (JSON Schema, draft 2020-12), served beside it
/// and named in the catalogue, so re-users know what each field holds.
enum PublicationSchema {
    static let path = "/public/publication.schema.json"

    static let json = #"""
{
 "$schema": "https://json-schema.org/draft/2020-12/schema",
 "title": "A published quarter of an improvement plan",
 "description": "A closed reporting period as published to the public pages, under the Open Government Licence v3.0. Dates are ISO 8601.",
 "type": "object",
 "required": ["licence", "licence_url", "publication", "published", "content"],
 "properties": {
  "licence": {"type": "string", "const": "Open Government Licence v3.0"},
  "licence_url": {"type": "string", "format": "uri"},
  "publication": {"type": "integer", "description": "The publication's number: its permanent address is /public/publications/{number}"},
  "published": {"type": "string", "format": "date-time"},
  "content": {
   "type": "object",
   "required": ["council", "planTitle", "period", "months", "asOf", "summary", "areas", "decisions", "outcomes"],
   "properties": {
    "council": {"type": "string"},
    "planTitle": {"type": "string"},
    "period": {"type": "string", "description": "Such as Q3 2017-18 (UK financial-year quarters: Q1 is April to June)"},
    "months": {"type": "string", "description": "Such as October to December 2017"},
    "asOf": {"type": "string", "format": "date", "description": "The day the statuses were worked out for"},
    "summary": {"type": "string"},
    "areas": {"type": "array", "items": {
     "type": "object",
     "required": ["name", "counts", "total", "percentComplete", "background", "achievements", "continuing", "milestones", "direction"],
     "properties": {
      "name": {"type": "string"},
      "rating": {"type": ["string", "null"], "enum": ["GREEN", "AMBER", "RED", null]},
      "counts": {"type": "object", "description": "Milestones by status code: completed, on_target, delayed and overdue in the standard scheme, or the codes of the scheme named in scheme", "additionalProperties": {"type": "integer"}},
      "total": {"type": "integer", "description": "Active milestones (withdrawn ones are not counted)"},
      "percentComplete": {"type": "integer"},
      "direction": {"type": "string", "enum": ["improving", "no_change", "worsening", "new"], "description": "Against the plan's publication of the quarter before, by share of milestones completed; new when there is none"},
      "background": {"type": "string"}, "achievements": {"type": "string"}, "continuing": {"type": "string"},
      "milestones": {"type": "array", "items": {
       "type": "object",
       "required": ["ref", "activity", "title", "leads", "deadline", "status", "statusLabel"],
       "properties": {
        "ref": {"type": "string", "description": "Activity number and position, such as 4.2"},
        "activity": {"type": "string"}, "title": {"type": "string"},
        "leads": {"type": "array", "items": {"type": "string"}, "description": "Lead officers' names"},
        "leadJobTitles": {"type": ["array", "null"], "items": {"type": "string"}, "description": "Each lead officer's job title when published, in the order of leads; an empty string where none is recorded"},
        "deadline": {"type": "string", "description": "As the plan writes it, such as May-18 or On-going"},
        "dueDate": {"type": ["string", "null"], "format": "date"},
        "revisedDeadline": {"type": ["string", "null"], "description": "A revised deadline agreed by the Board, as written"},
        "revisedDueDate": {"type": ["string", "null"], "format": "date", "description": "The agreed revised deadline as a date"},
        "status": {"type": "string", "description": "The status's code: completed, on_target, delayed or overdue in the standard scheme, or a code of the scheme named in scheme; withdrawn for a withdrawn milestone"},
        "statusLabel": {"type": "string"},
        "commentary": {"type": ["string", "null"], "description": "The commentary approved for the public; null when there is no public update this quarter"}
       }
      }}
     }
    }},
    "decisions": {"type": "array", "items": {"type": "object", "required": ["item", "decision", "minute"],
      "properties": {"item": {"type": "string"}, "decision": {"type": "string"}, "minute": {"type": "string"}}}},
    "outcomes": {"type": "array", "items": {"type": "object", "required": ["kpi", "rating", "ratingLabel", "direction"],
      "properties": {"area": {"type": ["string", "null"]}, "kpi": {"type": "string"}, "value": {"type": ["string", "null"]}, "target": {"type": ["string", "null"]},
                     "rating": {"type": "string", "enum": ["green", "amber", "red", "no_data", "no_target"]}, "ratingLabel": {"type": "string"},
                     "direction": {"type": "string"}, "benchmark": {"type": ["string", "null"]}}}},
    "scheme": {"type": ["object", "null"], "description": "The status scheme the statuses and counts are in, with each status's code, name and kind; absent in the standard scheme"}
   }
  }
 }
}
"""#

    @Sendable static func serve(req: Request) async throws -> Response {
        try await req.application.publicCache.response(req, etag: "publication-schema-2", lastModified: Date(timeIntervalSince1970: 1_764_633_600),
                                                       type: "application/schema+json") { Array(json.utf8) }
    }
}
