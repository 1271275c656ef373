package policies

import (
	"fmt"
	"strings"
	"testing"
)

// publishedHolidays are the public holidays of 2024–2027 as published by the
// Cabinet Office (内閣府「国民の祝日について」), substitute holidays and the
// day between two holidays included.
var publishedHolidays = map[int]string{
	2024: `
2024-01-01 元日
2024-01-08 成人の日
2024-02-11 建国記念の日
2024-02-12 振替休日
2024-02-23 天皇誕生日
2024-03-20 春分の日
2024-04-29 昭和の日
2024-05-03 憲法記念日
2024-05-04 みどりの日
2024-05-05 こどもの日
2024-05-06 振替休日
2024-07-15 海の日
2024-08-11 山の日
2024-08-12 振替休日
2024-09-16 敬老の日
2024-09-22 秋分の日
2024-09-23 振替休日
2024-10-14 スポーツの日
2024-11-03 文化の日
2024-11-04 振替休日
2024-11-23 勤労感謝の日`,
	2025: `
2025-01-01 元日
2025-01-13 成人の日
2025-02-11 建国記念の日
2025-02-23 天皇誕生日
2025-02-24 振替休日
2025-03-20 春分の日
2025-04-29 昭和の日
2025-05-03 憲法記念日
2025-05-04 みどりの日
2025-05-05 こどもの日
2025-05-06 振替休日
2025-07-21 海の日
2025-08-11 山の日
2025-09-15 敬老の日
2025-09-23 秋分の日
2025-10-13 スポーツの日
2025-11-03 文化の日
2025-11-23 勤労感謝の日
2025-11-24 振替休日`,
	2026: `
2026-01-01 元日
2026-01-12 成人の日
2026-02-11 建国記念の日
2026-02-23 天皇誕生日
2026-03-20 春分の日
2026-04-29 昭和の日
2026-05-03 憲法記念日
2026-05-04 みどりの日
2026-05-05 こどもの日
2026-05-06 振替休日
2026-07-20 海の日
2026-08-11 山の日
2026-09-21 敬老の日
2026-09-22 国民の休日
2026-09-23 秋分の日
2026-10-12 スポーツの日
2026-11-03 文化の日
2026-11-23 勤労感謝の日`,
	2027: `
2027-01-01 元日
2027-01-11 成人の日
2027-02-11 建国記念の日
2027-02-23 天皇誕生日
2027-03-21 春分の日
2027-03-22 振替休日
2027-04-29 昭和の日
2027-05-03 憲法記念日
2027-05-04 みどりの日
2027-05-05 こどもの日
2027-07-19 海の日
2027-08-11 山の日
2027-09-20 敬老の日
2027-09-23 秋分の日
2027-10-11 スポーツの日
2027-11-03 文化の日
2027-11-23 勤労感謝の日`,
}

func formatHolidays(hs []Holiday) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "\n%s %s", h.Date, h.Name.Ja)
	}
	return b.String()
}

func TestPublishedHolidays2024To2027(t *testing.T) {
	for year := 2024; year <= 2027; year++ {
		got := formatHolidays(Holidays(year))
		if got != publishedHolidays[year] {
			t.Errorf("%d:\ngot:%s\nwant:%s", year, got, publishedHolidays[year])
		}
	}
}

// Days where the rules bend: one-off laws, the Olympic moves, the widened
// substitute rule, Silver Weeks.
func TestHolidayHistory(t *testing.T) {
	cases := []struct {
		date, name string // name "" means not a holiday
	}{
		{"2019-04-30", "国民の休日"},
		{"2019-05-01", "天皇の即位の日"},
		{"2019-05-02", "国民の休日"},
		{"2019-05-06", "振替休日"},
		{"2019-10-22", "即位礼正殿の儀の行われる日"},
		{"2019-12-23", ""}, // no Emperor's Birthday in 2019
		{"2018-12-23", "天皇誕生日"},
		{"2018-12-24", "振替休日"},
		{"2020-07-23", "海の日"},
		{"2020-07-24", "スポーツの日"},
		{"2020-08-10", "山の日"},
		{"2020-10-12", ""},
		{"2021-07-22", "海の日"},
		{"2021-07-23", "スポーツの日"},
		{"2021-08-08", "山の日"},
		{"2021-08-09", "振替休日"},
		{"2008-05-06", "振替休日"}, // Sunday 4 May: the next day that is not a holiday
		{"2009-09-22", "国民の休日"},
		{"2015-09-22", "国民の休日"},
		{"2016-08-11", "山の日"},
		{"2015-08-11", ""},
		{"2006-05-04", "国民の休日"},
		{"2007-05-04", "みどりの日"},
		{"2003-07-21", "海の日"},
		{"2032-09-21", "国民の休日"},
		{"2024-12-31", ""},
	}
	for _, c := range cases {
		h, ok := HolidayOn(day(c.date))
		if c.name == "" {
			if ok {
				t.Errorf("%s: got %s, want no holiday", c.date, h.Name.Ja)
			}
			continue
		}
		if !ok || h.Name.Ja != c.name {
			t.Errorf("%s: got %q (%v), want %q", c.date, h.Name.Ja, ok, c.name)
		}
		if h.Name.En == "" {
			t.Errorf("%s: no English name", c.date)
		}
	}
}

func TestHolidaysAnyYear(t *testing.T) {
	for y := 1900; y <= 2300; y += 7 {
		hs := Holidays(y)
		for i := 1; i < len(hs); i++ {
			if !hs[i-1].Date.Before(hs[i].Date) {
				t.Fatalf("%d: holidays out of order or repeated: %v", y, formatHolidays(hs))
			}
		}
	}
	// The cache hands out copies.
	hs := Holidays(2026)
	hs[0].Name.Ja = "changed"
	if Holidays(2026)[0].Name.Ja != "元日" {
		t.Error("Holidays returned the cached slice")
	}
}
