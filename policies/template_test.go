package policies

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestFirstVersionIsTheTemplateFromTheFirstDay(t *testing.T) {
	cases := []struct {
		name     string
		day      Date
		zone     string
		wantErr  string
		wantLine string
	}{
		{name: "a Japanese town", day: day("2026-11-28"), zone: "Asia/Tokyo", wantLine: "effective_from: 2026-11-28"},
		{name: "before the template's own date", day: day("2025-01-06"), zone: "Asia/Tokyo", wantLine: "effective_from: 2025-01-06"},
		{name: "another zone", day: day("2027-04-01"), zone: "Pacific/Guam", wantLine: `timezone: "Pacific/Guam"`},
		{name: "no first day", zone: "Asia/Tokyo", wantErr: "needs a first day"},
		{name: "an unknown zone", day: day("2026-11-28"), zone: "Mars/Olympus", wantErr: "timezone"},
		{name: "a zone that tries to add a key", day: day("2026-11-28"), zone: "Asia/Tokyo\"\nid: other", wantErr: "timezone"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := FirstVersion(c.day, c.zone)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("want an error naming %q, got %v", c.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.EffectiveFrom() != c.day || p.Location().String() != c.zone {
				t.Fatalf("in force from %s in %s", p.EffectiveFrom(), p.Location())
			}
			if p.ID() != Default().ID() || p.Version() != Default().Version() {
				t.Fatalf("id %q version %q: the template's own are kept", p.ID(), p.Version())
			}
			src := p.Source()
			if !bytes.Contains(src, []byte(c.wantLine)) {
				t.Fatalf("the stored text lacks %q", c.wantLine)
			}
			// Only the two lines change: the comments HR reads stay.
			if a, b := bytes.Count(src, []byte("\n")), bytes.Count(defaultDocument, []byte("\n")); a != b {
				t.Fatalf("%d lines, the template has %d", a, b)
			}
			if !bytes.Contains(src, []byte("docs/policy-reference.md")) {
				t.Fatal("the template's comments were lost")
			}
			// The first version decides like the template.
			got, want := p.Document(), Default().Document()
			got.EffectiveFrom, got.Timezone = want.EffectiveFrom, want.Timezone
			if !reflect.DeepEqual(got, want) {
				t.Fatal("beyond its first day and zone, the first version differs from the template")
			}
		})
	}
}
