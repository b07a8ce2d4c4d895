// Package plan is the shared structure of a living action plan (handlingsplan): the
// plan, its prioritised areas and activities, their status, the provenance of a
// version, the reference data they are checked against, validation problems, and the
// difference between two versions.
//
// It holds plain types and pure functions only; readers in sources/ produce these
// values and writers in generator/ consume them.
package plan
