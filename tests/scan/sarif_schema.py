"""A hand-written subset of the SARIF 2.1.0 JSON schema (OASIS, sarif-schema-2.1.0.json).

Only the objects Tatakelola emits are described, with their full property
lists from the specification so that misspelt or invented properties fail.
"""

from __future__ import annotations

from typing import Any

_MSG = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string"},
        "markdown": {"type": "string"},
        "id": {"type": "string"},
        "arguments": {"type": "array", "items": {"type": "string"}},
        "properties": {"$ref": "#/$defs/bag"},
    },
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
}
_MULTI = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text"],
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}, "properties": {"$ref": "#/$defs/bag"}},
}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}

SARIF_2_1_0_SUBSET: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "items": {"$ref": "#/$defs/run"}},
        "inlineExternalProperties": {"type": "array"},
        "properties": {"$ref": "#/$defs/bag"},
    },
    "$defs": {
        "bag": {
            "type": "object",
            "properties": {"tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}}},
        },
        "message": _MSG,
        "multiformat": _MULTI,
        "run": {
            "type": "object",
            "additionalProperties": False,
            "required": ["tool"],
            "properties": {
                k: {}
                for k in (
                    "conversion",
                    "language",
                    "versionControlProvenance",
                    "originalUriBaseIds",
                    "logicalLocations",
                    "graphs",
                    "automationDetails",
                    "runAggregates",
                    "baselineGuid",
                    "redactionTokens",
                    "defaultEncoding",
                    "defaultSourceLanguage",
                    "newlineSequences",
                    "columnKind",
                    "externalPropertyFileReferences",
                    "threadFlowLocations",
                    "taxonomies",
                    "addresses",
                    "translations",
                    "policies",
                    "webRequests",
                    "webResponses",
                    "specialLocations",
                )
            }
            | {
                "tool": {"$ref": "#/$defs/tool"},
                "invocations": {"type": "array", "items": {"$ref": "#/$defs/invocation"}},
                "artifacts": {"type": "array", "items": {"$ref": "#/$defs/artifact"}},
                "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["driver"],
            "properties": {
                "driver": {"$ref": "#/$defs/toolComponent"},
                "extensions": {"type": "array", "items": {"$ref": "#/$defs/toolComponent"}},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "toolComponent": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "properties": {
                k: {}
                for k in (
                    "guid",
                    "organization",
                    "product",
                    "productSuite",
                    "fullName",
                    "semanticVersion",
                    "dottedQuadFileVersion",
                    "releaseDateUtc",
                    "downloadUri",
                    "globalMessageStrings",
                    "notifications",
                    "taxa",
                    "locations",
                    "language",
                    "contents",
                    "isComprehensive",
                    "localizedDataSemanticVersion",
                    "minimumRequiredLocalizedDataSemanticVersion",
                    "associatedComponent",
                    "translationMetadata",
                    "supportedTaxonomies",
                )
            }
            | {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "informationUri": {"type": "string", "format": "uri"},
                "shortDescription": {"$ref": "#/$defs/multiformat"},
                "fullDescription": {"$ref": "#/$defs/multiformat"},
                "rules": {"type": "array", "items": {"$ref": "#/$defs/reportingDescriptor"}},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "reportingDescriptor": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {
                k: {}
                for k in (
                    "deprecatedIds",
                    "guid",
                    "deprecatedGuids",
                    "deprecatedNames",
                    "messageStrings",
                    "helpUri",
                    "relationships",
                )
            }
            | {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "shortDescription": {"$ref": "#/$defs/multiformat"},
                "fullDescription": {"$ref": "#/$defs/multiformat"},
                "help": {"$ref": "#/$defs/multiformat"},
                "defaultConfiguration": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "level": _LEVEL,
                        "rank": {"type": "number", "minimum": -1, "maximum": 100},
                        "parameters": {"$ref": "#/$defs/bag"},
                        "properties": {"$ref": "#/$defs/bag"},
                    },
                },
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "invocation": {
            "type": "object",
            "required": ["executionSuccessful"],
            "properties": {
                "executionSuccessful": {"type": "boolean"},
                "toolExecutionNotifications": {"type": "array", "items": {"$ref": "#/$defs/notification"}},
            },
        },
        "notification": {
            "type": "object",
            "additionalProperties": False,
            "required": ["message"],
            "properties": {k: {} for k in ("threadId", "timeUtc", "exception", "descriptor", "associatedRule")}
            | {
                "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}},
                "message": {"$ref": "#/$defs/message"},
                "level": _LEVEL,
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "artifact": {"type": "object", "properties": {"location": {"$ref": "#/$defs/artifactLocation"}}},
        "artifactLocation": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "uri": {"type": "string"},
                "uriBaseId": {"type": "string"},
                "index": {"type": "integer", "minimum": -1},
                "description": {"$ref": "#/$defs/message"},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "region": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "startLine": {"type": "integer", "minimum": 1},
                "startColumn": {"type": "integer", "minimum": 1},
                "endLine": {"type": "integer", "minimum": 1},
                "endColumn": {"type": "integer", "minimum": 1},
                "charOffset": {"type": "integer", "minimum": -1},
                "charLength": {"type": "integer", "minimum": 0},
                "byteOffset": {"type": "integer", "minimum": -1},
                "byteLength": {"type": "integer", "minimum": 0},
                "snippet": {},
                "message": {"$ref": "#/$defs/message"},
                "sourceLanguage": {"type": "string"},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "location": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "id": {"type": "integer", "minimum": -1},
                "physicalLocation": {
                    "type": "object",
                    "additionalProperties": False,
                    "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
                    "properties": {
                        "address": {},
                        "artifactLocation": {"$ref": "#/$defs/artifactLocation"},
                        "region": {"$ref": "#/$defs/region"},
                        "contextRegion": {"$ref": "#/$defs/region"},
                        "properties": {"$ref": "#/$defs/bag"},
                    },
                },
                "logicalLocations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "name": {"type": "string"},
                            "index": {"type": "integer", "minimum": -1},
                            "fullyQualifiedName": {"type": "string"},
                            "decoratedName": {"type": "string"},
                            "parentIndex": {"type": "integer", "minimum": -1},
                            "kind": {"type": "string"},
                            "properties": {"$ref": "#/$defs/bag"},
                        },
                    },
                },
                "message": {"$ref": "#/$defs/message"},
                "annotations": {"type": "array"},
                "relationships": {"type": "array"},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
        "result": {
            "type": "object",
            "additionalProperties": False,
            "required": ["message"],
            "properties": {
                k: {}
                for k in (
                    "rule",
                    "analysisTarget",
                    "guid",
                    "correlationGuid",
                    "occurrenceCount",
                    "fingerprints",
                    "stacks",
                    "codeFlows",
                    "graphs",
                    "graphTraversals",
                    "relatedLocations",
                    "suppressions",
                    "baselineState",
                    "rank",
                    "attachments",
                    "hostedViewerUri",
                    "workItemUris",
                    "provenance",
                    "fixes",
                    "taxa",
                    "webRequest",
                    "webResponse",
                )
            }
            | {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]},
                "level": _LEVEL,
                "message": {"$ref": "#/$defs/message"},
                "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}},
                "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                "properties": {"$ref": "#/$defs/bag"},
            },
        },
    },
}
