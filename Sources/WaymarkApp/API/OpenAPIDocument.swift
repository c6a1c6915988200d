/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. The contract test
/// (schemathesis, in scripts/test) checks the real responses against it.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "Waymark API",
  "version": "1.0.0",
  "description": "Improvement plans, milestones and their statuses. Reads accept a signed-in session or an API token; writes need an API token (Authorization: Bearer \u2026). Errors are JSON with a stable code."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "paths": {
  "/api/v1/plans": {
   "get": {
    "operationId": "listPlans",
    "summary": "Plans with their sizes",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/PlanSummary"
         }
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     }
    }
   }
  },
  "/api/v1/plans/{id}": {
   "get": {
    "operationId": "getPlan",
    "summary": "A plan with its areas and activities",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The plan's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PlanDetail"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/plans/{id}/status": {
   "get": {
    "operationId": "getPlanStatus",
    "summary": "Status counts per area and activity, and in total",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The plan's id",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "as_of",
      "in": "query",
      "required": false,
      "description": "The day statuses are worked out for (default today)",
      "schema": {
       "type": "string",
       "format": "date"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PlanStatusReport"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/plans/{id}/milestones": {
   "get": {
    "operationId": "listMilestones",
    "summary": "Milestones with their statuses, filtered and paged",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The plan's id",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "description": "A status code of the plan's scheme (see the status report's `statuses`), a kind (completed, on_track, late_within_tolerance, late_beyond_tolerance, by_decision) or one of the criteria's codes (completed, on_target, delayed, overdue). Anything else is refused with 400.",
      "schema": {
       "type": "string",
       "minLength": 1
      }
     },
     {
      "name": "area",
      "in": "query",
      "required": false,
      "description": "An area's id or name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "lead",
      "in": "query",
      "required": false,
      "description": "Part of a lead officer's name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "as_of",
      "in": "query",
      "required": false,
      "description": "The day statuses are worked out for (default today)",
      "schema": {
       "type": "string",
       "format": "date"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 5000,
       "default": 1000
      }
     },
     {
      "name": "offset",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "default": 0
      }
     },
     {
      "name": "after",
      "in": "query",
      "required": false,
      "description": "The id of a milestone of this plan: the page starts after it, in the plan's order (the last milestone of the page before). Cheaper than a deep offset; not with offset.",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Milestone"
         }
        }
       }
      },
      "headers": {
       "X-Total-Count": {
        "description": "Milestones matching the filters, on all pages",
        "schema": {
         "type": "string"
        }
       },
       "Link": {
        "description": "The next page, as <url>; rel=\"next\", when there is one",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/milestones/{id}": {
   "get": {
    "operationId": "getMilestone",
    "summary": "One milestone with its status and version",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The milestone's id",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "as_of",
      "in": "query",
      "required": false,
      "description": "The day statuses are worked out for (default today)",
      "schema": {
       "type": "string",
       "format": "date"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/MilestoneDetail"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   },
   "patch": {
    "operationId": "editMilestone",
    "summary": "Change a milestone's title, deadline and leads (performance officers)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The milestone's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MilestoneBody"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  },
  "/api/v1/milestones/{id}/updates": {
   "post": {
    "operationId": "recordUpdate",
    "summary": "Record progress: commentary, forecast or completion, perhaps a proposed revised deadline. Leaving out both forecast and completed keeps the dates recorded; sending either replaces both.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The milestone's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/UpdateBody"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Saved",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  },
  "/api/v1/milestones/{id}/withdraw": {
   "post": {
    "operationId": "withdrawMilestone",
    "summary": "Withdraw a milestone with a reason (performance officers)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The milestone's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/WithdrawBody"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  },
  "/api/v1/milestones/{id}/reinstate": {
   "post": {
    "operationId": "reinstateMilestone",
    "summary": "Reinstate a withdrawn milestone (performance officers)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The milestone's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/VersionBody"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  },
  "/api/v1/activities/{id}/milestones": {
   "post": {
    "operationId": "addMilestone",
    "summary": "Add a milestone to an activity (performance officers)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The activity's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MilestoneBody"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  },
  "/api/v1/plans/{id}/areas": {
   "post": {
    "operationId": "addArea",
    "summary": "Add an area to a plan (performance officers)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The plan's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "name"
        ],
        "properties": {
         "name": {
          "type": "string",
          "pattern": "\\S"
         }
        }
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  },
  "/api/v1/areas/{id}/activities": {
   "post": {
    "operationId": "addActivity",
    "summary": "Add an activity to an area; it takes the plan's next number (performance officers)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The area's id",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "title"
        ],
        "properties": {
         "title": {
          "type": "string",
          "pattern": "\\S"
         }
        }
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Saved"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "422": {
      "$ref": "#/components/responses/Invalid"
     }
    }
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "A personal API token from the API tokens page"
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message"
      ],
      "properties": {
       "code": {
        "type": "string",
        "description": "Stable: not_found, invalid_parameter, invalid_body, invalid, unauthenticated, invalid_token, forbidden, conflict, internal_error"
       },
       "message": {
        "type": "string"
       },
       "fields": {
        "type": "array",
        "items": {
         "type": "object",
         "required": [
          "field",
          "message"
         ],
         "properties": {
          "field": {
           "type": "string"
          },
          "message": {
           "type": "string"
          }
         }
        }
       }
      }
     }
    }
   },
   "PlanSummary": {
    "type": "object",
    "required": [
     "id",
     "title",
     "state",
     "areas",
     "activities",
     "milestones"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "title": {
      "type": "string"
     },
     "period": {
      "type": "string"
     },
     "period_start": {
      "type": "string",
      "format": "date"
     },
     "period_end": {
      "type": "string",
      "format": "date"
     },
     "state": {
      "type": "string",
      "enum": [
       "draft",
       "active",
       "closed"
      ]
     },
     "areas": {
      "type": "integer"
     },
     "activities": {
      "type": "integer"
     },
     "milestones": {
      "type": "integer"
     }
    }
   },
   "PlanDetail": {
    "type": "object",
    "required": [
     "plan",
     "areas"
    ],
    "properties": {
     "plan": {
      "$ref": "#/components/schemas/PlanSummary"
     },
     "areas": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "name",
        "activities"
       ],
       "properties": {
        "id": {
         "type": "integer"
        },
        "name": {
         "type": "string"
        },
        "activities": {
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "id",
           "number",
           "title"
          ],
          "properties": {
           "id": {
            "type": "integer"
           },
           "number": {
            "type": "integer"
           },
           "title": {
            "type": "string"
           }
          }
         }
        }
       }
      }
     }
    }
   },
   "StatusRow": {
    "type": "object",
    "required": [
     "area_id",
     "name",
     "completed",
     "on_target",
     "delayed",
     "overdue",
     "withdrawn",
     "active",
     "percent_complete",
     "percent_completed_or_on_target"
    ],
    "properties": {
     "area_id": {
      "type": [
       "integer",
       "null"
      ]
     },
     "activity_id": {
      "type": "integer"
     },
     "activity_number": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "completed": {
      "type": "integer"
     },
     "on_target": {
      "type": "integer"
     },
     "delayed": {
      "type": "integer"
     },
     "overdue": {
      "type": "integer"
     },
     "withdrawn": {
      "type": "integer"
     },
     "active": {
      "type": "integer"
     },
     "percent_complete": {
      "type": [
       "integer",
       "null"
      ]
     },
     "percent_completed_or_on_target": {
      "type": [
       "integer",
       "null"
      ]
     },
     "by_decision": {
      "type": "integer",
      "description": "Active milestones whose status was set by a decision (such as Suspended); counted in active, in none of the four counts above"
     },
     "statuses": {
      "type": "object",
      "description": "Milestones by the plan's scheme's own status codes, every code given, zeros included",
      "additionalProperties": {
       "type": "integer"
      }
     }
    }
   },
   "SchemeStatus": {
    "type": "object",
    "required": [
     "code",
     "name",
     "short",
     "kind"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "short": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "completed",
       "on_track",
       "late_within_tolerance",
       "late_beyond_tolerance",
       "by_decision"
      ]
     }
    }
   },
   "PlanStatusReport": {
    "type": "object",
    "required": [
     "plan_id",
     "plan_title",
     "as_of",
     "areas",
     "activities",
     "total",
     "summary"
    ],
    "properties": {
     "plan_id": {
      "type": "integer"
     },
     "plan_title": {
      "type": "string"
     },
     "as_of": {
      "type": "string",
      "format": "date"
     },
     "areas": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/StatusRow"
      }
     },
     "activities": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/StatusRow"
      }
     },
     "total": {
      "$ref": "#/components/schemas/StatusRow"
     },
     "summary": {
      "type": "string",
      "description": "Such as \"80% completed or on target, 14% delayed or overdue\", in the words of the plan's scheme"
     },
     "scheme": {
      "type": "string",
      "description": "The code of the plan's status scheme, such as standard, rag, brag or key_actions"
     },
     "statuses": {
      "type": "array",
      "description": "The scheme's statuses in its order",
      "items": {
       "$ref": "#/components/schemas/SchemeStatus"
      }
     }
    }
   },
   "Milestone": {
    "type": "object",
    "required": [
     "id",
     "ref",
     "area",
     "area_id",
     "activity_number",
     "activity_id",
     "activity",
     "title",
     "leads",
     "lead_ids",
     "deadline",
     "deadline_kind",
     "lifecycle",
     "status",
     "status_label",
     "status_explanation",
     "scheme_status",
     "status_colour"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "ref": {
      "type": "string"
     },
     "area": {
      "type": "string"
     },
     "area_id": {
      "type": "integer"
     },
     "activity_number": {
      "type": "integer"
     },
     "activity_ref": {
      "type": "string",
      "description": "The activity's reference as the plan writes it (\"2.3\"), or its number"
     },
     "activity": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "leads": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "lead_ids": {
      "type": "array",
      "items": {
       "type": "integer"
      }
     },
     "deadline": {
      "type": "string",
      "description": "As written in the plan"
     },
     "deadline_kind": {
      "type": "string",
      "enum": [
       "dated",
       "open_ended",
       "no_fixed_date"
      ]
     },
     "due": {
      "type": "string",
      "format": "date"
     },
     "forecast": {
      "type": "string",
      "format": "date"
     },
     "completed": {
      "type": "string",
      "format": "date"
     },
     "lifecycle": {
      "type": "string",
      "enum": [
       "active",
       "withdrawn"
      ]
     },
     "status": {
      "type": "string",
      "enum": [
       "completed",
       "on_target",
       "delayed",
       "overdue",
       "withdrawn"
      ]
     },
     "status_label": {
      "type": "string"
     },
     "status_explanation": {
      "type": "string"
     },
     "scheme_status": {
      "type": "string",
      "description": "The status's code in the plan's scheme, or withdrawn"
     },
     "status_kind": {
      "type": [
       "string",
       "null"
      ],
      "description": "The kind of the scheme status; null when withdrawn"
     },
     "status_colour": {
      "type": "string"
     },
     "reported_status": {
      "type": "string",
      "description": "The status an imported plan file gave, a code of the plan's scheme, kept beside the one worked out"
     },
     "reported_on": {
      "type": "string",
      "format": "date"
     },
     "reported_label": {
      "type": "string"
     },
     "activity_id": {
      "type": "integer"
     }
    }
   },
   "MilestoneDetail": {
    "type": "object",
    "required": [
     "milestone",
     "version"
    ],
    "properties": {
     "milestone": {
      "$ref": "#/components/schemas/Milestone"
     },
     "version": {
      "type": "integer"
     },
     "withdrawn_reason": {
      "type": "string"
     }
    }
   },
   "Saved": {
    "type": "object",
    "required": [
     "id",
     "version"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "version": {
      "type": "integer"
     }
    }
   },
   "UpdateBody": {
    "type": "object",
    "required": [
     "commentary",
     "version"
    ],
    "properties": {
     "commentary": {
      "type": "string",
      "pattern": "\\S"
     },
     "forecast": {
      "type": "string",
      "format": "date"
     },
     "completed": {
      "type": "string",
      "format": "date"
     },
     "proposed_deadline": {
      "type": "string",
      "description": "As it would be written in the plan, such as Sep-18"
     },
     "proposed_reason": {
      "type": "string"
     },
     "version": {
      "type": "integer",
      "description": "The milestone's version when it was read"
     }
    }
   },
   "MilestoneBody": {
    "type": "object",
    "required": [
     "title",
     "deadline",
     "leads"
    ],
    "properties": {
     "title": {
      "type": "string",
      "pattern": "\\S"
     },
     "deadline": {
      "type": "string",
      "pattern": "\\S",
      "description": "As the plan writes it, such as May-18 or On-going"
     },
     "leads": {
      "type": "string",
      "pattern": "\\S",
      "description": "Joint leads separated by /"
     },
     "version": {
      "type": "integer",
      "description": "Required when editing"
     }
    }
   },
   "WithdrawBody": {
    "type": "object",
    "required": [
     "reason",
     "version"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "pattern": "\\S"
     },
     "version": {
      "type": "integer"
     }
    }
   },
   "VersionBody": {
    "type": "object",
    "required": [
     "version"
    ],
    "properties": {
     "version": {
      "type": "integer"
     }
    }
   }
  },
  "responses": {
   "Unauthenticated": {
    "description": "No valid session or API token",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "BadRequest": {
    "description": "A parameter or the body is not valid",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NotFound": {
    "description": "Not found",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Forbidden": {
    "description": "The account's role does not allow this",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Conflict": {
    "description": "The milestone changed since the version sent; nothing was saved",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Invalid": {
    "description": "The values are not valid; each field's problem is listed",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  }
 }
}
"""#
}
