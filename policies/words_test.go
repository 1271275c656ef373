package policies

import "testing"

func TestDateWords(t *testing.T) {
	for day, want := range map[string]Text{
		"2026-12-01": {Ja: "2026年12月1日（火）", En: "Tue 1 Dec 2026"},
		"2027-01-11": {Ja: "2027年1月11日（月）", En: "Mon 11 Jan 2027"},
	} {
		d, err := ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Words(); got != want {
			t.Errorf("%s: %+v, want %+v", day, got, want)
		}
	}
}
