package services

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// DemoTownSlug identifies the second demo municipality, a partner of the demo
// city whose staff book its shared satellite office (旅する公務員).
const DemoTownSlug = "demo-town"

// DemoVisitor is the demo town's documented login.
const DemoVisitor = "visitor@demo-town.example"

type demoSpace struct {
	prefix, kind, floor, zone string
	count, capacity           int
	attrs                     []string
}

type demoOffice struct {
	name, kind, address, unit string
	shared, managed           bool
	spaces                    []demoSpace
}

// The demo city's offices: the main building's free-address floor, a
// satellite office by the station shared with the demo town, and one in the
// north that is not shared.
var demoOffices = []demoOffice{
	{name: "本庁舎", kind: models.OfficeMainBuilding, address: "デモ市役所通り1-1", unit: "30m", spaces: []demoSpace{
		{prefix: "3F-A", kind: models.SpaceOpenSeat, floor: "3F", zone: "A（窓側）", count: 10, capacity: 1, attrs: []string{"monitor"}},
		{prefix: "3F-B", kind: models.SpaceOpenSeat, floor: "3F", zone: "B", count: 10, capacity: 1},
		{prefix: "3F-C", kind: models.SpaceOpenSeat, floor: "3F", zone: "C（集中席）", count: 10, capacity: 1, attrs: []string{"monitor", "privacy_filter"}},
	}},
	{name: "駅前サテライトオフィス", kind: models.OfficeSatellite, address: "デモ駅前2-3 駅ビル4F", unit: "30m", shared: true, managed: true, spaces: []demoSpace{
		{prefix: "S", kind: models.SpaceOpenSeat, floor: "4F", zone: "オープン席", count: 8, capacity: 1, attrs: []string{"monitor"}},
		{prefix: "ブース", kind: models.SpaceBooth, floor: "4F", zone: "個室ブース", count: 3, capacity: 1, attrs: []string{"privacy_filter", "web_camera", "calls_allowed"}},
		{prefix: "会議室", kind: models.SpaceMeetingRoom, floor: "4F", zone: "会議室", count: 1, capacity: 6, attrs: []string{"monitor", "web_camera", "calls_allowed"}},
	}},
	{name: "北部行政センター サテライト", kind: models.OfficeSatellite, address: "デモ市北町5-8 北部行政センター2F", unit: "60m", spaces: []demoSpace{
		{prefix: "N", kind: models.SpaceOpenSeat, floor: "2F", zone: "", count: 6, capacity: 1},
		{prefix: "Nブース", kind: models.SpaceBooth, floor: "2F", zone: "", count: 1, capacity: 1, attrs: []string{"web_camera", "calls_allowed"}},
	}},
}

// seedDemoOffices creates the demo town with a few staff, the demo city's
// offices and spaces, and a few bookings on the next open day, so a visitor
// finds something on every screen.
func (s *Employees) seedDemoOffices(ctx context.Context, tx *gorm.DB, city *models.Organization, manager, booker *models.Employee, hash string, now time.Time) error {
	town, visitor, err := s.seedDemoTown(ctx, tx, hash, now)
	if err != nil {
		return err
	}
	var offices []*models.Office
	var firstSpaces [][]models.Space
	for _, d := range demoOffices {
		o := &models.Office{ID: models.NewID(), OrganizationID: city.ID, Name: d.name, Kind: d.kind, Address: d.address, TimeZone: city.TimeZone,
			BookingUnit: d.unit, MiddayMin: 12 * 60, MaxAdvanceDays: 30, MaxMinutesPerDay: 24 * 60, ClosedOnHolidays: true, Active: true,
			CreatedAt: now, UpdatedAt: now, Hours: defaultOfficeHours()}
		if d.shared {
			o.SharedWith = []string{town.ID}
		}
		if d.managed {
			o.Managers = []string{manager.ID}
		}
		if err := (models.Offices{}).Create(ctx, tx, o); err != nil {
			return err
		}
		var spaces []models.Space
		for _, g := range d.spaces {
			for i := 1; i <= g.count; i++ {
				sp := models.Space{ID: models.NewID(), OrganizationID: city.ID, OfficeID: o.ID, Kind: g.kind, Name: demoSpaceName(g, i),
					Floor: g.floor, Zone: g.zone, Capacity: g.capacity, Active: true, CreatedAt: now, UpdatedAt: now}
				setAttributes(&sp, g.attrs)
				if err := (models.Spaces{}).Create(ctx, tx, &sp); err != nil {
					return err
				}
				spaces = append(spaces, sp)
			}
		}
		offices, firstSpaces = append(offices, o), append(firstSpaces, spaces)
	}
	// The demo employee sits in the main building on the next open day; the
	// visitor from the town has a booth at the station that afternoon.
	// The offices close when the city does (the year end, holidays): one calendar.
	rules, err := s.officeRules(ctx, tx, offices[0])
	if err != nil {
		return err
	}
	day := nextDemoDay(rules, now)
	at := func(c policies.Clock) time.Time { return rules.At(day, c).UTC() }
	bookings := []models.Booking{
		{OrganizationID: city.ID, OfficeID: offices[0].ID, SpaceID: firstSpaces[0][0].ID, EmployeeID: booker.ID, StartAt: at(9 * 60), EndAt: at(12 * 60)},
		{OrganizationID: town.ID, OfficeID: offices[1].ID, SpaceID: firstSpaces[1][8].ID, EmployeeID: visitor.ID, StartAt: at(13 * 60), EndAt: at(15 * 60)},
	}
	for i := range bookings {
		b := &bookings[i]
		b.ID, b.Status, b.CreatedAt, b.UpdatedAt = models.NewID(), policies.BookingConfirmed, now, now
		if err := (models.Bookings{}).Create(ctx, tx, b); err != nil {
			return err
		}
		if err := s.refreshBookingDays(ctx, tx, b, "", b.StartAt); err != nil {
			return err
		}
	}
	return nil
}

// seedDemoTown creates デモ町 with a few staff, the visitor among them.
func (s *Employees) seedDemoTown(ctx context.Context, tx *gorm.DB, hash string, now time.Time) (*models.Organization, *models.Employee, error) {
	town := &models.Organization{ID: models.NewID(), Slug: DemoTownSlug, Name: "デモ町", TimeZone: "Asia/Tokyo", Language: "ja",
		CreatedAt: now, UpdatedAt: now}
	if err := s.orgs.Create(ctx, tx, town); err != nil {
		return nil, nil, err
	}
	dept := &models.Department{ID: models.NewID(), OrganizationID: town.ID, Code: "100", Name: "まちづくり課", NameKana: "マチヅクリカ",
		Kind: models.KindDivision, CreatedAt: now, UpdatedAt: now}
	if err := s.departments.Create(ctx, tx, dept); err != nil {
		return nil, nil, err
	}
	people := []struct {
		email, family, given, familyKana, givenKana string
		roles                                       []policies.Role
	}{
		{"head@demo-town.example", "森", "一郎", "モリ", "イチロウ", []policies.Role{policies.RoleEmployee, policies.RoleSupervisor, policies.RoleAdmin}},
		{DemoVisitor, "旅野", "みどり", "タビノ", "ミドリ", []policies.Role{policies.RoleEmployee}},
		{"staff1@demo-town.example", "川口", "健", "カワグチ", "ケン", []policies.Role{policies.RoleEmployee}},
		{"staff2@demo-town.example", "山下", "紀子", "ヤマシタ", "ノリコ", []policies.Role{policies.RoleEmployee, policies.RoleHR}},
	}
	var head, visitor *models.Employee
	for i, p := range people {
		e := &models.Employee{ID: models.NewID(), OrganizationID: town.ID, EmployeeNumber: fmt.Sprintf("T%04d", i+1), Email: p.email,
			FamilyName: p.family, GivenName: p.given, FamilyNameKana: p.familyKana, GivenNameKana: p.givenKana, DepartmentID: dept.ID,
			EmploymentType: models.EmploymentRegular, HasRemotePC: true, Active: true, PasswordHash: &hash, PasswordChangedAt: &now,
			Roles: p.roles, CreatedAt: now, UpdatedAt: now}
		if head != nil {
			e.SupervisorID = &head.ID
		}
		if err := s.saveEmployee(ctx, tx, nil, e, true, ""); err != nil {
			return nil, nil, err
		}
		if head == nil {
			head = e
		}
		if p.email == DemoVisitor {
			visitor = e
		}
	}
	dept.HeadID = &head.ID
	return town, visitor, s.departments.Update(ctx, tx, dept)
}

func demoSpaceName(g demoSpace, i int) string {
	if g.count == 1 {
		return g.prefix
	}
	if g.kind == models.SpaceOpenSeat {
		return fmt.Sprintf("%s%02d", g.prefix+"-", i)
	}
	return fmt.Sprintf("%s%d", g.prefix, i)
}

// nextDemoDay is the first open day after now's.
func nextDemoDay(r policies.OfficeRules, now time.Time) policies.Date {
	d := policies.DateOf(now.In(r.Location)).AddDays(1)
	for i := 0; i < 30; i++ {
		if _, closed := r.Closed(d); !closed {
			return d
		}
		d = d.AddDays(1)
	}
	return d
}
