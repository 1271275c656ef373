package policies

import (
	"fmt"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// Date is a civil date: a day in the organisation's calendar, never an instant.
// Rules speak of days (a telework day, a holiday, the office day a deadline
// falls on), so they take Dates; only the moment of application is a
// time.Time, and it becomes a Date in the policy's time zone. Keeping the two
// apart stops a 23:30 UTC instant from silently landing on the wrong day.
//
// The zero Date means "no date". Dates compare with == and serve as map keys;
// Before, After, Compare and Sub order them. The text form is "2006-01-02" in
// JSON, YAML and String.
type Date struct {
	n int32 // days since 1970-01-01 plus epochOffset, so that 0 stays "no date"
}

// epochOffset makes 0001-01-01 the Date with n == 1.
const epochOffset = 719163

// DateLayout is the text form of a Date, for time.Format and time.Parse.
const DateLayout = "2006-01-02"

// NewDate returns the date of the given year, month and day. Like time.Date it
// normalises values out of range: 31 April is 1 May.
func NewDate(year int, month time.Month, day int) Date {
	y, m := int64(year), int64(month)-1
	y += floorDiv(m, 12)
	m = floorMod(m, 12) + 1
	return Date{n: int32(daysFromCivil(y, m, int64(day)) + epochOffset)}
}

// DateOf returns the day on which t falls in t's own location. Convert the
// instant first (t.In(loc)) to ask in another zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// The years a date people enter may fall in. Wider dates are typing
// mistakes (0000-01-01, 20266-04-01); refusing them in the one parser keeps
// both databases agreeing (PostgreSQL has no year 0, SQLite would store it).
const (
	MinYear = 1900
	MaxYear = 2199
)

// SaneInstant reports whether t falls within the years MinYear to MaxYear.
func SaneInstant(t time.Time) bool {
	y := t.UTC().Year()
	return y >= MinYear && y <= MaxYear
}

// ParseDate reads a date written "2006-01-02", in the years MinYear to MaxYear.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || !allDigits(s[0:4]+s[5:7]+s[8:10]) {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, fmt.Errorf("date %q does not exist", s)
	}
	if y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("date %q is outside the years %d to %d", s, MinYear, MaxYear)
	}
	return NewDate(y, time.Month(m), d), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// daysIn returns the number of days in the month.
func daysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.n == 0 }

// Civil returns the year, month and day of d.
func (d Date) Civil() (year int, month time.Month, day int) {
	y, m, dd := civilFromDays(int64(d.n) - epochOffset)
	return int(y), time.Month(m), int(dd)
}

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, dd := d.Civil(); return dd }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(floorMod(int64(d.n)-epochOffset+4, 7))
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// Sub returns the number of days from o to d.
func (d Date) Sub(o Date) int { return int(d.n - o.n) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.n < o.n }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.n > o.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after o (for slices.SortFunc).
func (d Date) Compare(o Date) int {
	switch {
	case d.n < o.n:
		return -1
	case d.n > o.n:
		return 1
	}
	return 0
}

// In returns the instant at which day d starts in loc.
func (d Date) In(loc *time.Location) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// FiscalYearStart returns 1 April of the Japanese fiscal year containing d.
func (d Date) FiscalYearStart() Date {
	y, m, _ := d.Civil()
	if m < time.April {
		y--
	}
	return NewDate(y, time.April, 1)
}

// String returns d as "2006-01-02" (empty for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Civil()
	if y < 0 || y > 9999 {
		return fmt.Sprintf("%d-%02d-%02d", y, m, dd)
	}
	// Written by hand: a page of requests prints thousands of dates, and
	// fmt was a twentieth of an inbox page's processor time.
	b := [10]byte{'0' + byte(y/1000), '0' + byte(y/100%10), '0' + byte(y/10%10), '0' + byte(y%10), '-',
		'0' + byte(m/10), '0' + byte(m%10), '-', '0' + byte(dd/10), '0' + byte(dd%10)}
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler (JSON, YAML, map keys).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" reads as the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalYAML reads the scalar's text, so that an unquoted 2026-04-01 (a
// YAML timestamp) means the same as the quoted form.
func (d *Date) UnmarshalYAML(n *yaml.Node) error { return d.UnmarshalText([]byte(n.Value)) }

var weekdayJa = [7]string{"日", "月", "火", "水", "木", "金", "土"}

// Words is d as messages write it: 2026年9月18日（金） and Fri 18 Sep 2026.
func (d Date) Words() Text { return Text{Ja: d.ja(), En: d.en()} }

// ja formats d for Japanese messages: 2026年9月18日（金）. Messages are
// most of an evaluation's work, so these avoid fmt.
func (d Date) ja() string { return d.jaPlain() + "（" + weekdayJa[d.Weekday()] + "）" }

// en formats d for English messages: Fri 18 Sep 2026.
func (d Date) en() string {
	y, m, dd := d.Civil()
	return d.Weekday().String()[:3] + " " + strconv.Itoa(dd) + " " + m.String()[:3] + " " + strconv.Itoa(y)
}

// jaPlain formats d without the weekday: 2018年5月1日.
func (d Date) jaPlain() string {
	y, m, dd := d.Civil()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(dd) + "日"
}

// enPlain formats d without the weekday: 1 May 2018.
func (d Date) enPlain() string {
	y, m, dd := d.Civil()
	return strconv.Itoa(dd) + " " + m.String() + " " + strconv.Itoa(y)
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm, exact for any year).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// MonthDay is a day of the year without a year, written "12-29": the
// organisation's closing days recur on it every year.
type MonthDay struct {
	Month time.Month
	Day   int
}

// ParseMonthDay reads "MM-DD" (29 February allowed).
func ParseMonthDay(s string) (MonthDay, error) {
	if len(s) != 5 || s[2] != '-' || !allDigits(s[0:2]+s[3:5]) {
		return MonthDay{}, fmt.Errorf("month-day %q: want MM-DD", s)
	}
	m, _ := strconv.Atoi(s[0:2])
	d, _ := strconv.Atoi(s[3:5])
	if m < 1 || m > 12 || d < 1 || d > daysIn(2000, time.Month(m)) {
		return MonthDay{}, fmt.Errorf("month-day %q does not exist", s)
	}
	return MonthDay{Month: time.Month(m), Day: d}, nil
}

// String returns "MM-DD".
func (md MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day) }

// MarshalText implements encoding.TextMarshaler.
func (md MonthDay) MarshalText() ([]byte, error) { return []byte(md.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (md *MonthDay) UnmarshalText(b []byte) error {
	v, err := ParseMonthDay(string(b))
	if err != nil {
		return err
	}
	*md = v
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (md *MonthDay) UnmarshalYAML(n *yaml.Node) error { return md.UnmarshalText([]byte(n.Value)) }

// Clock is a time of day in minutes after midnight, written "17:00": a
// deadline such as "by 17:00 on the previous office day".
type Clock int

// ParseClock reads "HH:MM" (00:00 to 23:59).
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' || !allDigits(s[0:2]+s[3:5]) {
		return 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	h, _ := strconv.Atoi(s[0:2])
	m, _ := strconv.Atoi(s[3:5])
	if h > 23 || m > 59 {
		return 0, fmt.Errorf("time %q does not exist", s)
	}
	return Clock(h*60 + m), nil
}

// String returns "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText implements encoding.TextMarshaler.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler (an unquoted 17:00 can read as a
// sexagesimal number in old YAML; the text is what counts).
func (c *Clock) UnmarshalYAML(n *yaml.Node) error { return c.UnmarshalText([]byte(n.Value)) }

// Duration is a length of time written like "7h45m" (Go's time.ParseDuration
// syntax): the standard working day, the step of hourly telework.
type Duration time.Duration

// Minutes returns d in whole minutes.
func (d Duration) Minutes() int { return int(time.Duration(d) / time.Minute) }

// IsZero reports whether d is zero (for omitempty).
func (d Duration) IsZero() bool { return d == 0 }

// String returns the shortest form, e.g. "7h45m" or "1h".
func (d Duration) String() string {
	m := d.Minutes()
	switch {
	case m%60 == 0:
		return fmt.Sprintf("%dh", m/60)
	case m < 60:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh%dm", m/60, m%60)
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v%time.Minute != 0 {
		return fmt.Errorf("duration %q: whole minutes only", b)
	}
	*d = Duration(v)
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error { return d.UnmarshalText([]byte(n.Value)) }
