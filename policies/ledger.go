package policies

// Location is where an employee works on a day, as the ledger records it.
type Location string

// The locations of the ledger. A working day with nothing recorded is a
// planned office day; a day the offices are closed is not a working day.
const (
	LocationOffice    Location = "office"
	LocationHome      Location = "home"
	LocationSatellite Location = "satellite"
	LocationElsewhere Location = "elsewhere" // another site, travel
	LocationLeave     Location = "leave"
	LocationOff       Location = "off" // not a working day
)

// WorkDayFacts are what is known of an employee's day: their leave, their
// approved telework, their bookings at satellite offices, and whether they
// checked in at a main building.
type WorkDayFacts struct {
	Leave     Unit // "" none, or full, am, pm
	Telework  *ApprovedTelework
	Satellite *SatelliteStay
	// OfficeCheckIn: checked in at a seat of a main building that day.
	OfficeCheckIn bool
}

// ApprovedTelework is an approved request's day.
type ApprovedTelework struct {
	RequestID string
	Unit      Unit
	Minutes   int    // for the hours unit
	Place     string // home, satellite or elsewhere
	OfficeID  string // for satellite
}

// SatelliteStay is the time booked at a satellite office on the day.
type SatelliteStay struct {
	OfficeID string
	Minutes  int
	// CheckedIn: a booking of the stay was checked in, so the day is known
	// to have happened there, not only planned.
	CheckedIn bool
}

// WorkDay is a ledger entry: where, for which part of the day.
type WorkDay struct {
	Location  Location
	Portion   Unit
	Minutes   int
	OfficeID  string
	RequestID string
	// Actual: confirmed by a check-in rather than only planned.
	Actual bool
}

// LedgerEntry is what the ledger records for a working day from its facts,
// and false when nothing is (a planned office day). A full day's leave
// comes first; then approved telework (where its request says); then a
// half day's leave; then a satellite booking the employee made without a
// request (a working visit, counted by the booked minutes); then a check-in
// at a main building (an office day known to have happened). A check-in at
// the satellite office the day is spent at makes the entry actual.
func LedgerEntry(f WorkDayFacts) (WorkDay, bool) {
	switch {
	case f.Leave == UnitFull:
		return WorkDay{Location: LocationLeave, Portion: UnitFull}, true
	case f.Telework != nil:
		t := f.Telework
		w := WorkDay{Location: placeLocation(t.Place), Portion: t.Unit, RequestID: t.RequestID}
		if t.Unit == UnitHours {
			w.Minutes = t.Minutes
		}
		if w.Location == LocationSatellite {
			w.OfficeID = t.OfficeID
			w.Actual = f.Satellite != nil && f.Satellite.CheckedIn
		}
		return w, true
	case f.Leave == UnitAM || f.Leave == UnitPM:
		return WorkDay{Location: LocationLeave, Portion: f.Leave}, true
	case f.Satellite != nil:
		return WorkDay{Location: LocationSatellite, Portion: UnitHours, Minutes: f.Satellite.Minutes, OfficeID: f.Satellite.OfficeID,
			Actual: f.Satellite.CheckedIn}, true
	case f.OfficeCheckIn:
		return WorkDay{Location: LocationOffice, Portion: UnitFull, Actual: true}, true
	}
	return WorkDay{}, false
}

func placeLocation(place string) Location {
	switch place {
	case "satellite":
		return LocationSatellite
	case "elsewhere":
		return LocationElsewhere
	}
	return LocationHome
}
