package services

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Organizations reads and edits the organisation's settings.
type Organizations struct {
	*base
}

// OrganizationSettings is the organisation with its closing days and officers.
type OrganizationSettings struct {
	Org         *models.Organization
	ClosingDays []models.ClosingDay
	Officers    []models.Officer
	// OfficerNames are the officers' display names by employee id.
	OfficerNames map[string]string
	// ShowWebhook: the reader may see the webhook URL (administrators: the
	// URL lets anyone post to the organisation's channel).
	ShowWebhook bool
}

// Get returns the actor's organisation. Everyone in it may read it: the UI
// needs its name, zone and language, and closing days are public.
func (s *Organizations) Get(ctx context.Context, actor *Actor) (*OrganizationSettings, error) {
	o, err := s.settings(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	o.ShowWebhook = policies.CanManageOrganization(subject(actor))
	return o, nil
}

func (s *Organizations) settings(ctx context.Context, db *gorm.DB, orgID string) (*OrganizationSettings, error) {
	o, err := s.orgs.Get(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	days, err := s.orgs.ClosingDays(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	officers, err := s.orgs.Officers(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(officers))
	for _, of := range officers {
		ids = append(ids, of.EmployeeID)
	}
	names, err := s.employees.Names(ctx, db, orgID, ids)
	if err != nil {
		return nil, err
	}
	return &OrganizationSettings{Org: o, ClosingDays: days, Officers: officers, OfficerNames: names}, nil
}

// ClosingDayInput is one closing day as sent.
type ClosingDayInput struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

// UpdateOrganization is a partial update of the settings.
type UpdateOrganization struct {
	Name     Optional[string] `json:"name"`
	TimeZone Optional[string] `json:"time_zone"`
	Language Optional[string] `json:"language"`
	// WebhookURL receives notifications (https; empty or null: none).
	WebhookURL  Optional[string]            `json:"webhook_url"`
	ClosingDays Optional[[]ClosingDayInput] `json:"closing_days"`
	// Officers maps an office (e.g. "information_security_officer") to an employee id.
	Officers Optional[map[string]string] `json:"officers"`
}

var officerRole = regexp.MustCompile(`^[a-z][a-z0-9_]{1,63}$`)

// Update changes the settings (administrators only).
func (s *Organizations) Update(ctx context.Context, actor *Actor, in UpdateOrganization) (*OrganizationSettings, error) {
	if !policies.CanManageOrganization(subject(actor)) {
		return nil, forbidden()
	}
	var out *OrganizationSettings
	err := s.tx(ctx, func(tx *gorm.DB) error {
		before, err := s.settings(ctx, tx, actor.OrganizationID)
		if err != nil {
			return err
		}
		o := *before.Org
		var v Validator
		if in.Name.Set {
			checkOrgName(&v, "name", in.Name.Value) // null decodes as "", refused alike
			o.Name = in.Name.Value
		}
		if in.TimeZone.Set {
			checkTimeZone(&v, "time_zone", in.TimeZone.Value)
			o.TimeZone = in.TimeZone.Value
		}
		if in.Language.Set {
			checkLanguage(&v, "language", in.Language.Value)
			o.Language = in.Language.Value
		}
		if in.WebhookURL.Set {
			v.Check(validWebhookURL(in.WebhookURL.Value), "webhook_url", "invalid",
				"Webhook の URL は https:// で始まる2000文字以内の URL です。", "The webhook URL must be an https:// URL of at most 2,000 characters.")
			o.WebhookURL = in.WebhookURL.Value
		}
		days := closingDaysOf(&v, o.ID, in.ClosingDays)
		officers, err := s.officersOf(ctx, tx, &v, o.ID, in.Officers)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		o.UpdatedAt = s.now()
		if err := s.orgs.Update(ctx, tx, &o); err != nil {
			return err
		}
		if in.ClosingDays.Set {
			if err := s.orgs.ReplaceClosingDays(ctx, tx, o.ID, days); err != nil {
				return err
			}
		}
		if in.Officers.Set {
			if err := s.orgs.ReplaceOfficers(ctx, tx, o.ID, officers); err != nil {
				return err
			}
		}
		out, err = s.settings(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		out.ShowWebhook = true
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "organization.update", TargetType: "organization", TargetID: o.ID,
			Before: settingsView(before), After: settingsView(out)})
	})
	return out, err
}

// closingDaysOf reads the closing days of an update (nil when not sent).
func closingDaysOf(v *Validator, orgID string, in Optional[[]ClosingDayInput]) []models.ClosingDay {
	var days []models.ClosingDay
	if in.Set {
		seen := map[string]bool{}
		for i, d := range in.Value {
			field := fmt.Sprintf("closing_days[%d]", i)
			if _, err := policies.ParseDate(d.Date); err != nil {
				v.Add(field+".date", "invalid", fmt.Sprintf("日付は %d〜%d 年の YYYY-MM-DD 形式で指定してください。", policies.MinYear, policies.MaxYear),
					fmt.Sprintf("The date must be YYYY-MM-DD in the years %d to %d.", policies.MinYear, policies.MaxYear))
				continue
			}
			if seen[d.Date] {
				v.Add(field+".date", "duplicate", "同じ日付が重複しています。", "The same date appears twice.")
			}
			seen[d.Date] = true
			v.Check(utf8.RuneCountInString(d.Name) <= 200, field+".name", "too_long", "名称は200文字以内です。", "The name must be at most 200 characters.")
			days = append(days, models.ClosingDay{OrganizationID: orgID, Day: models.Day(d.Date), Name: d.Name})
		}
	}
	return days
}

// officersOf reads the named officers of an update: active employees of the
// organisation (nil when not sent).
func (s *Organizations) officersOf(ctx context.Context, tx *gorm.DB, v *Validator, orgID string, in Optional[map[string]string]) ([]models.Officer, error) {
	var officers []models.Officer
	if in.Set {
		for role, empID := range in.Value {
			field := "officers." + role
			if !officerRole.MatchString(role) {
				v.Add(field, "invalid", "役職名は英小文字・数字・_ で指定してください。", "An office name uses lower-case letters, digits and _.")
				continue
			}
			e, err := s.employees.Get(ctx, tx, orgID, empID)
			if err != nil && !errors.Is(err, models.ErrNotFound) {
				return nil, err
			}
			if err != nil || !e.Active {
				v.Add(field, "not_found", "指定された職員が見つかりません。", "No such active employee.")
				continue
			}
			officers = append(officers, models.Officer{OrganizationID: orgID, Role: role, EmployeeID: empID})
		}
		slices.SortFunc(officers, func(a, b models.Officer) int { return cmp.Compare(a.Role, b.Role) })
	}
	return officers, nil
}

// settingsView is what the audit trail keeps of the settings.
func settingsView(s *OrganizationSettings) map[string]any {
	days := make([]string, 0, len(s.ClosingDays))
	for _, d := range s.ClosingDays {
		days = append(days, d.Day.String())
	}
	officers := map[string]string{}
	for _, o := range s.Officers {
		officers[o.Role] = o.EmployeeID
	}
	return map[string]any{
		"name": s.Org.Name, "time_zone": s.Org.TimeZone, "language": s.Org.Language,
		"closing_days": days, "officers": officers,
		"webhook_url_set": s.Org.WebhookURL != "",
	}
}

// validWebhookURL accepts "" (none) or an absolute https URL with a host.
func validWebhookURL(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && len(s) <= 2000 && u.Scheme == "https" && u.Host != "" && u.User == nil
}
