import Foundation

/// The measurable outcomes' part of the OpenAPI document, merged into it when it is first served.
extension OpenAPIDocument {
    static let kpiPaths = #"""
{
 "/api/v1/plans/{id}/kpis": {
  "get": {
   "operationId": "listKPIs",
   "summary": "The plan's measurable outcomes, each with its values rated against their targets. Paged with limit and offset; the total is in X-Total-Count and the next page in a Link header.",
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
     "name": "period",
     "in": "query",
     "required": false,
     "description": "A reporting period's label, such as Q3 2017-18; monthly KPIs are rolled up into it",
     "schema": {
      "type": "string"
     }
    },
    {
     "name": "limit",
     "in": "query",
     "required": false,
     "schema": {
      "type": "integer",
      "minimum": 1,
      "maximum": 500,
      "default": 100
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
    }
   ],
   "responses": {
    "200": {
     "description": "OK",
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/KPIList"
       }
      }
     }
    },
    "401": {
     "$ref": "#/components/responses/Unauthenticated"
    },
    "404": {
     "$ref": "#/components/responses/NotFound"
    },
    "400": {
     "$ref": "#/components/responses/BadRequest"
    }
   }
  },
  "post": {
   "operationId": "saveKPIDefinition",
   "summary": "Add a KPI to the plan, or change the one with this name (the performance team)",
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
       "$ref": "#/components/schemas/KPIDefinitionBody"
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
    "422": {
     "$ref": "#/components/responses/Invalid"
    }
   }
  }
 },
 "/api/v1/kpis/{id}": {
  "get": {
   "operationId": "getKPI",
   "summary": "One KPI with its values and benchmarks",
   "parameters": [
    {
     "name": "id",
     "in": "path",
     "required": true,
     "description": "The KPI's id",
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
        "$ref": "#/components/schemas/KPI"
       }
      }
     }
    },
    "401": {
     "$ref": "#/components/responses/Unauthenticated"
    },
    "404": {
     "$ref": "#/components/responses/NotFound"
    },
    "400": {
     "$ref": "#/components/responses/BadRequest"
    }
   }
  }
 },
 "/api/v1/kpis/{id}/values": {
  "post": {
   "operationId": "saveKPIValue",
   "summary": "Enter a KPI's value for a period (the KPI's owner or the performance team). A value rated RED needs a commentary; a closed period's values are refused.",
   "parameters": [
    {
     "name": "id",
     "in": "path",
     "required": true,
     "description": "The KPI's id",
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
       "$ref": "#/components/schemas/KPIValueBody"
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
    "401": {
     "$ref": "#/components/responses/Unauthenticated"
    },
    "404": {
     "$ref": "#/components/responses/NotFound"
    },
    "400": {
     "$ref": "#/components/responses/BadRequest"
    },
    "403": {
     "$ref": "#/components/responses/Forbidden"
    },
    "409": {
     "$ref": "#/components/responses/Conflict"
    },
    "422": {
     "$ref": "#/components/responses/Invalid"
    }
   }
  }
 }
}
"""#

    static let kpiSchemas = #"""
{
 "KPIList": {
  "type": "object",
  "required": [
   "kpis"
  ],
  "properties": {
   "kpis": {
    "type": "array",
    "items": {
     "$ref": "#/components/schemas/KPI"
    }
   }
  }
 },
 "KPI": {
  "type": "object",
  "required": [
   "id",
   "name",
   "unit",
   "polarity",
   "frequency",
   "values",
   "benchmarks"
  ],
  "properties": {
   "id": {
    "type": "integer"
   },
   "name": {
    "type": "string"
   },
   "area": {
    "type": [
     "string",
     "null"
    ]
   },
   "unit": {
    "type": "string",
    "enum": [
     "percentage",
     "number",
     "money",
     "days",
     "yes_no",
     "ratio"
    ]
   },
   "polarity": {
    "type": "string",
    "enum": [
     "higher",
     "lower",
     "band"
    ]
   },
   "frequency": {
    "type": "string",
    "enum": [
     "monthly",
     "quarterly",
     "six_monthly",
     "annual"
    ]
   },
   "owner": {
    "type": [
     "string",
     "null"
    ]
   },
   "values": {
    "type": "array",
    "items": {
     "$ref": "#/components/schemas/KPIPoint"
    }
   },
   "benchmarks": {
    "type": "array",
    "items": {
     "type": "object",
     "required": [
      "source",
      "value"
     ],
     "properties": {
      "source": {
       "type": "string"
      },
      "value": {
       "type": "string"
      },
      "as_of": {
       "type": [
        "string",
        "null"
       ]
      }
     }
    }
   },
   "current": {
    "oneOf": [
     {
      "$ref": "#/components/schemas/KPIPoint"
     },
     {
      "type": "null"
     }
    ]
   }
  }
 },
 "KPIPoint": {
  "type": "object",
  "required": [
   "period",
   "rating",
   "direction",
   "provisional",
   "commentary"
  ],
  "properties": {
   "period": {
    "type": "string",
    "description": "A month (2017-04) for a monthly KPI, otherwise a reporting period's label"
   },
   "value": {
    "type": [
     "string",
     "null"
    ],
    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
    "description": "An exact decimal, as a string"
   },
   "target": {
    "type": [
     "string",
     "null"
    ],
    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
    "description": "An exact decimal, as a string"
   },
   "rating": {
    "type": "string",
    "enum": [
     "green",
     "amber",
     "red",
     "no_data",
     "no_target"
    ]
   },
   "direction": {
    "type": "string",
    "enum": [
     "improving",
     "no_change",
     "worsening",
     "none"
    ]
   },
   "provisional": {
    "type": "boolean"
   },
   "commentary": {
    "type": "string"
   }
  }
 },
 "KPIValueBody": {
  "type": "object",
  "required": [
   "period"
  ],
  "properties": {
   "period": {
    "type": "string"
   },
   "value": {
    "type": [
     "string",
     "null"
    ],
    "description": "The value as written, such as 40.5"
   },
   "target": {
    "type": [
     "string",
     "null"
    ]
   },
   "commentary": {
    "type": [
     "string",
     "null"
    ]
   },
   "provisional": {
    "type": [
     "boolean",
     "null"
    ]
   },
   "version": {
    "type": [
     "integer",
     "null"
    ],
    "description": "The value's version, when the period already has one"
   }
  }
 },
 "KPIDefinitionBody": {
  "type": "object",
  "required": [
   "name"
  ],
  "properties": {
   "name": {
    "type": "string"
   },
   "area": {
    "type": [
     "string",
     "null"
    ]
   },
   "unit": {
    "type": [
     "string",
     "null"
    ],
    "description": "percentage, number, money, days, yes/no or ratio"
   },
   "polarity": {
    "type": [
     "string",
     "null"
    ],
    "description": "higher, lower or band"
   },
   "frequency": {
    "type": [
     "string",
     "null"
    ],
    "description": "monthly, quarterly, six-monthly or annual"
   },
   "roll_up": {
    "type": [
     "string",
     "null"
    ],
    "description": "cumulative, latest or average"
   },
   "owner": {
    "type": [
     "string",
     "null"
    ],
    "description": "A lead officer's name"
   },
   "tolerance": {
    "type": [
     "string",
     "null"
    ],
    "description": "10% of the target, or an amount such as 500"
   },
   "band": {
    "type": [
     "string",
     "null"
    ]
   },
   "description": {
    "type": [
     "string",
     "null"
    ]
   },
   "data_source": {
    "type": [
     "string",
     "null"
    ]
   },
   "published": {
    "type": [
     "boolean",
     "null"
    ],
    "description": "Shown on the public pages"
   }
  }
 }
}
"""#

    /// The whole document: the base one with the KPI and review paths and schemas added.
    static let served: String = {
        guard var document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              var paths = document["paths"] as? [String: Any], var components = document["components"] as? [String: Any],
              var schemas = components["schemas"] as? [String: Any],
              let kpis = try? JSONSerialization.jsonObject(with: Data(kpiPaths.utf8)) as? [String: Any],
              let kpiTypes = try? JSONSerialization.jsonObject(with: Data(kpiSchemas.utf8)) as? [String: Any],
              let reviews = try? JSONSerialization.jsonObject(with: Data(reviewPaths.utf8)) as? [String: Any],
              let reviewTypes = try? JSONSerialization.jsonObject(with: Data(reviewSchemas.utf8)) as? [String: Any] else {
            preconditionFailure("the OpenAPI document's JSON does not parse")
        }
        for more in [kpis, reviews] { paths.merge(more) { first, _ in first } }
        for more in [kpiTypes, reviewTypes] { schemas.merge(more) { first, _ in first } }
        components["schemas"] = schemas
        document["paths"] = paths
        document["components"] = components
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }()
}
