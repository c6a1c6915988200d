import Foundation

/// The independent reviews' part of the OpenAPI document (read-only), merged into it when it is
/// first served.
extension OpenAPIDocument {
    static let reviewPaths = #"""
{
 "/api/v1/reviews": {
  "get": {
   "operationId": "listReviews",
   "summary": "Independent reviews (peer challenges, follow-up visits), with their on-site visit's dates. A reviewer sees only their own.",
   "responses": {
    "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReviewList"}}}},
    "401": {"$ref": "#/components/responses/Unauthenticated"}
   }
  }
 },
 "/api/v1/reviews/{id}": {
  "get": {
   "operationId": "getReview",
   "summary": "One review: themes and scope questions, the timeline with each activity's status today, the on-site schedule, and the evidence's records (not the files)",
   "parameters": [{"name": "id", "in": "path", "required": true, "description": "The review's id", "schema": {"type": "integer"}}],
   "responses": {
    "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Review"}}}},
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthenticated"},
    "404": {"$ref": "#/components/responses/NotFound"}
   }
  }
 }
}
"""#

    static let reviewSchemas = #"""
{
 "ReviewList": {
  "type": "object", "required": ["reviews"],
  "properties": {"reviews": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewSummary"}}}
 },
 "ReviewSummary": {
  "type": "object", "required": ["id", "title", "kind", "plan_id"],
  "properties": {
   "id": {"type": "integer"}, "title": {"type": "string"},
   "kind": {"type": "string", "enum": ["lga_corporate_peer_challenge", "follow_up_visit", "other_independent_review"]},
   "plan_id": {"type": "integer"},
   "visit_starts": {"type": "string", "format": "date", "nullable": true}, "visit_ends": {"type": "string", "format": "date", "nullable": true}
  }
 },
 "Review": {
  "type": "object", "required": ["id", "title", "kind", "plan_id", "introduction", "position_statement", "themes", "timeline", "schedule", "evidence"],
  "properties": {
   "id": {"type": "integer"}, "title": {"type": "string"},
   "kind": {"type": "string", "enum": ["lga_corporate_peer_challenge", "follow_up_visit", "other_independent_review"]},
   "plan_id": {"type": "integer"}, "introduction": {"type": "string"},
   "position_statement": {
    "type": "object",
    "properties": {
     "due": {"type": "string", "format": "date", "nullable": true, "description": "A calendar month before the on-site visit's first day"},
     "sent_on": {"type": "string", "format": "date", "nullable": true},
     "standing": {"type": "string", "nullable": true, "enum": ["Submitted", "Submitted late", "Due soon", "Upcoming", "Overdue", null]}
    }
   },
   "themes": {"type": "array", "items": {
    "type": "object", "required": ["id", "kind", "title", "question", "area_ids"],
    "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["theme", "scope_question"]}, "title": {"type": "string"},
                   "question": {"type": "string"}, "lead": {"type": "string", "nullable": true}, "area_ids": {"type": "array", "items": {"type": "integer"}}}
   }},
   "timeline": {"type": "array", "items": {
    "type": "object", "required": ["id", "kind", "title", "when", "leads"],
    "properties": {"id": {"type": "integer"}, "kind": {"type": "string"}, "title": {"type": "string"},
                   "when": {"type": "string", "description": "As the paper writes it, such as Mid July 2018"}, "leads": {"type": "string"},
                   "completed_on": {"type": "string", "format": "date", "nullable": true},
                   "status": {"type": "string", "nullable": true, "enum": ["completed", "on_target", "delayed", "overdue", null]},
                   "explanation": {"type": "string", "nullable": true}}
   }},
   "schedule": {"type": "array", "items": {
    "type": "object", "required": ["id", "day", "starts", "ends", "room", "title", "peers", "interviewees"],
    "properties": {"id": {"type": "integer"}, "day": {"type": "string", "format": "date"}, "starts": {"type": "string", "example": "09:30"},
                   "ends": {"type": "string"}, "room": {"type": "string"}, "title": {"type": "string"}, "theme": {"type": "string", "nullable": true},
                   "peers": {"type": "array", "items": {"type": "string"}},
                   "interviewees": {"type": "array", "items": {"type": "object", "required": ["name", "role"],
                     "properties": {"name": {"type": "string"}, "role": {"type": "string"}, "briefed_on": {"type": "string", "format": "date", "nullable": true}}}}}
   }},
   "evidence": {"type": "array", "items": {
    "type": "object", "required": ["id", "title", "description", "theme_ids", "withdrawn", "versions"],
    "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "description": {"type": "string"},
                   "link": {"type": "string", "nullable": true, "description": "A page of the plan in Waymark given as evidence"},
                   "theme_ids": {"type": "array", "items": {"type": "integer"}}, "withdrawn": {"type": "boolean"},
                   "versions": {"type": "array", "items": {"type": "object", "required": ["number", "file_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at", "purged"],
                     "properties": {"number": {"type": "integer"}, "file_name": {"type": "string"}, "content_type": {"type": "string"}, "size": {"type": "integer"},
                                    "sha256": {"type": "string"}, "uploaded_by": {"type": "string"}, "uploaded_at": {"type": "string", "format": "date-time"},
                                    "purged": {"type": "boolean"}}}}}
   }},
   "recommendations": {"type": "array", "description": "The review's recommendations, each with the status today of the milestones that answer it",
                       "items": {"$ref": "#/components/schemas/ReviewRecommendation"}},
   "follows": {"type": "object", "nullable": true, "description": "For a follow-up visit: the review it follows, and where that review's recommendations stand today",
               "required": ["id", "title", "recommendations"],
               "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                              "recommendations": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewRecommendation"}}}}
  }
 },
 "ReviewRecommendation": {
  "type": "object", "required": ["id", "number", "text", "stage", "milestones"],
  "properties": {
   "id": {"type": "integer"}, "number": {"type": "integer"}, "text": {"type": "string"},
   "stage": {"type": "string", "enum": ["draft", "final"]}, "theme_id": {"type": "integer", "nullable": true},
   "milestones": {"type": "array", "items": {
    "type": "object", "required": ["id", "plan_id", "title", "deadline", "status", "status_label"],
    "properties": {"id": {"type": "integer"}, "plan_id": {"type": "integer"}, "title": {"type": "string"}, "deadline": {"type": "string"},
                   "status": {"type": "string", "description": "The status's code in its plan's scheme, or withdrawn"},
                   "status_label": {"type": "string", "description": "The status as its plan's scheme names it, such as On Target"}}
   }}
  }
 }
}
"""#
}
