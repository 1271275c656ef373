package policies

import (
	"fmt"
	"regexp"
	"strconv"
)

// Top-level keys of the shipped template. They start at the first column:
// the template is our own YAML file, so a nested key (indented) never matches.
var (
	templateEffectiveFrom = regexp.MustCompile(`(?m)^effective_from:.*$`)
	templateTimezone      = regexp.MustCompile(`(?m)^timezone:.*$`)
)

// FirstVersion returns the shipped template as an organisation's first stored
// version: in force from the organisation's first day and in its time zone.
// The text is the template's own, comments included, with only those two
// lines changed, so the stored version reads like the file HR will later
// copy and edit. Storing it (rather than falling back to the template at run
// time) keeps past decisions tied to the text they were made under when a
// later release ships a different template.
func FirstVersion(firstDay Date, timezone string) (*Policy, error) {
	if firstDay.IsZero() {
		return nil, fmt.Errorf("policies: the first version needs a first day")
	}
	doc := templateEffectiveFrom.ReplaceAllLiteral(defaultDocument, []byte("effective_from: "+firstDay.String()))
	doc = templateTimezone.ReplaceAllLiteral(doc, []byte("timezone: "+strconv.Quote(timezone)))
	p, err := Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("policies: the template as a first version from %s in %q: %w", firstDay, timezone, err)
	}
	if p.EffectiveFrom() != firstDay || p.doc.Timezone != timezone {
		// The template lost the lines we rewrite: a change to the file, caught by its test.
		return nil, fmt.Errorf("policies: the template no longer has top-level effective_from and timezone lines")
	}
	return p, nil
}
