package policies

import "testing"

func TestLedgerEntry(t *testing.T) {
	home := &ApprovedTelework{RequestID: "r1", Unit: UnitFull, Place: "home"}
	booth := &SatelliteStay{OfficeID: "o1", Minutes: 120}
	tests := []struct {
		name string
		f    WorkDayFacts
		want WorkDay
		ok   bool
	}{
		{"nothing recorded: a planned office day", WorkDayFacts{}, WorkDay{}, false},
		{"a full day's leave comes first", WorkDayFacts{Leave: UnitFull, Telework: home, Satellite: booth}, WorkDay{Location: LocationLeave, Portion: UnitFull}, true},
		{"approved telework where the request says", WorkDayFacts{Telework: home}, WorkDay{Location: LocationHome, Portion: UnitFull, RequestID: "r1"}, true},
		{"telework at a satellite office names it", WorkDayFacts{Telework: &ApprovedTelework{RequestID: "r2", Unit: UnitPM, Place: "satellite", OfficeID: "o1"}},
			WorkDay{Location: LocationSatellite, Portion: UnitPM, OfficeID: "o1", RequestID: "r2"}, true},
		{"telework by the hour keeps its minutes", WorkDayFacts{Telework: &ApprovedTelework{RequestID: "r3", Unit: UnitHours, Minutes: 90, Place: "elsewhere"}},
			WorkDay{Location: LocationElsewhere, Portion: UnitHours, Minutes: 90, RequestID: "r3"}, true},
		{"telework over a morning's leave", WorkDayFacts{Leave: UnitAM, Telework: &ApprovedTelework{RequestID: "r4", Unit: UnitPM, Place: "home"}},
			WorkDay{Location: LocationHome, Portion: UnitPM, RequestID: "r4"}, true},
		{"a morning's leave", WorkDayFacts{Leave: UnitAM, Satellite: booth}, WorkDay{Location: LocationLeave, Portion: UnitAM}, true},
		{"a satellite booking without a request", WorkDayFacts{Satellite: booth}, WorkDay{Location: LocationSatellite, Portion: UnitHours, Minutes: 120, OfficeID: "o1"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := LedgerEntry(tc.f)
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
