// Package docs embeds the documents the web UI shows: the policy reference is
// the help pages' reference, served from the binary so that the help never
// drifts from the rules it was built with.
package docs

import _ "embed"

// PolicyReference is docs/policy-reference.md (Japanese and English).
//
//go:embed policy-reference.md
var PolicyReference []byte
