package services

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/policies"
)

// A one-level event takes the short way (encoded once): it must write what
// the general way writes, sensitive keys redacted and absent values kept.
func TestSnapshotOfAFlatMapEqualsTheGeneralWay(t *testing.T) {
	at := time.Date(2026, 12, 2, 0, 30, 0, 0, time.UTC)
	note, none := "腰痛のため", (*time.Time)(nil)
	for _, tc := range []struct {
		name string
		in   map[string]any
		flat bool
	}{
		{"a booking", map[string]any{"start_at": at, "status": policies.BookingConfirmed, "tentative": false, "cancelled_at": none, "sequence": 3, "series_id": (*string)(nil)}, true},
		{"sensitive keys at the top", map[string]any{"health_note": &note, "Password": "x", "token": nil, "name": "山田"}, true},
		{"a nested object", map[string]any{"family": map[string]any{"birth_date": "2020-01-01"}, "id": "f"}, false},
		{"a list", map[string]any{"dates": []string{"2026-12-01"}}, false},
		{"a struct", map[string]any{"who": struct{ Secret string }{"s"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := flatMap(tc.in); got != tc.flat {
				t.Fatalf("flatMap = %v, want %v", got, tc.flat)
			}
			got, err := snapshot(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(redact(doc))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("snapshot\n got %s\nwant %s", got, want)
			}
			var back map[string]any
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"health_note", "Password"} {
				if v, ok := back[k]; ok && v != Redacted {
					t.Fatalf("%s written as %v", k, v)
				}
			}
			if v, ok := back["token"]; ok && v != nil {
				t.Fatalf("an absent token written as %v", v)
			}
			if !reflect.DeepEqual(tc.in["name"], back["name"]) && tc.in["name"] != nil {
				t.Fatalf("name %v", back["name"])
			}
		})
	}
}
