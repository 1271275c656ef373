package policies

import (
	"fmt"
	"slices"
	"strings"
)

// family checks the family member a childcare or nursing-care request names:
// that the tie counts as family under the policy and qualifies for the
// reason, and the cohabitation, school-year and care conditions.
func (c *check) family() {
	r := c.rr.r
	m := c.f.Family
	switch r.FamilyMember {
	case "required":
		if m == nil {
			c.breach(RuleFamilyMember, refuse, Text{
				Ja: "「" + r.Name.Ja + "」の申請には、対象となる家族の指定が必要です。",
				En: "A request for " + r.Name.en() + " must name the family member concerned.",
			})
			return
		}
	case "optional":
		if m == nil {
			return
		}
	default:
		return // the reason concerns the employee alone; a named member is ignored
	}
	path, ok := m.path()
	if !ok {
		c.breach(RuleFamilyMember, refuse, msg("続柄「%s」が分かりません。", "Unknown relation %q.", m.Relation))
		return
	}
	c.pass(RuleFamilyMember, msg("対象となる家族が指定されています。", "The family member is named."))
	c.relation(path)
	c.certificate(path, m)
	c.cohabitation(path, m)
	c.childAge(m)
	c.care(m)
}

// describe names a tie for messages: "配偶者の子（姻族1親等）".
func describe(p Path, k Kinship) Text {
	name := p.label()
	if r, ok := relationOf(p); ok {
		name = r.Label
	}
	if k.Line == LineNone || k.Line == LineSelf {
		return name
	}
	kl := k.label()
	return Text{Ja: name.Ja + "（" + kl.Ja + "）", En: name.En + " (" + kl.En + ")"}
}

// matches reports whether a named relation is the tie, as written or with
// the unions the policy treats as marriages read as marriages.
func matches(rels []Relation, raw, norm Path) (Relation, bool) {
	for _, r := range rels {
		if r.Path.Equal(raw) || r.Path.Equal(norm) {
			return r, true
		}
	}
	return Relation{}, false
}

func (c *check) relation(raw Path) {
	fam := c.p.family
	norm := raw.Normalize(c.p.unions)
	kin := KinshipOf(raw, c.p.unions)
	who := describe(raw, kin)

	_, counted := matches(fam.named, raw, norm)
	switch {
	case counted:
	case kin.Line == LineSpouse:
		counted = fam.maxBlood > 0 || fam.maxAff > 0
	case kin.Line == LineBlood:
		counted = kin.Degree <= fam.maxBlood
	case kin.Line == LineAffinity:
		counted = kin.Degree <= fam.maxAff
	}
	if !counted {
		c.breach(RuleRelation, refuse, c.notFamily(who, kin))
		return
	}
	if len(c.rr.relations) > 0 {
		if _, ok := matches(c.rr.relations, raw, norm); !ok {
			names, namesEn := make([]string, len(c.rr.relations)), make([]string, len(c.rr.relations))
			for i, r := range c.rr.relations {
				names[i], namesEn[i] = r.Label.Ja, r.Label.En
			}
			n := c.rr.r.Name
			c.breach(RuleRelation, refuse, Text{
				Ja: who.Ja + "は「" + n.Ja + "」の対象となる続柄ではありません（対象: " + strings.Join(names, "、") + "）。",
				En: "The " + who.En + " is not a relation " + n.en() + " accepts (accepted: " + strings.Join(namesEn, ", ") + ").",
			})
			return
		}
	}
	c.pass(RuleRelation, Text{
		Ja: who.Ja + "は家族の範囲に含まれ、この事由の対象です。",
		En: "The " + who.En + " counts as family and qualifies for this reason.",
	})
}

// notFamily explains why a tie falls outside the policy's family.
func (c *check) notFamily(who Text, kin Kinship) Text {
	switch {
	case kin.Line == LineNone && kin.Union == StepPartner:
		return Text{
			Ja: who.Ja + "は家族の範囲に含まれません。この版の規程では、パートナーシップの相手を配偶者として扱いません。",
			En: "The " + who.En + " does not count as family: this version of the policy does not treat a partnership as a marriage.",
		}
	case kin.Line == LineNone && kin.Union == StepCommonLaw:
		return Text{
			Ja: who.Ja + "は家族の範囲に含まれません。この版の規程では、内縁の配偶者を配偶者として扱いません。",
			En: "The " + who.En + " does not count as family: this version of the policy does not treat a common-law union as a marriage.",
		}
	case kin.Line == LineNone:
		return Text{Ja: who.Ja + "は親族にあたらないため、家族の範囲に含まれません。",
			En: "The " + who.En + " is not a relative, so does not count as family."}
	}
	scope := c.p.family.scope()
	return Text{
		Ja: who.Ja + "は、この規程の家族の範囲（" + scope.Ja + "）に含まれません。",
		En: "The " + who.En + " is outside the policy's family (" + scope.En + ").",
	}
}

// scope describes who counts as family: "血族2親等まで・姻族1親等まで・配偶者の子".
func (f familyRules) scope() Text {
	var ja, en []string
	if f.maxBlood > 0 {
		ja = append(ja, fmt.Sprintf("血族%d親等まで", f.maxBlood))
		en = append(en, fmt.Sprintf("blood relatives to the %s degree", ordinal(f.maxBlood)))
	}
	if f.maxAff > 0 {
		ja = append(ja, fmt.Sprintf("姻族%d親等まで", f.maxAff))
		en = append(en, fmt.Sprintf("in-laws to the %s degree", ordinal(f.maxAff)))
	}
	if f.maxBlood > 0 || f.maxAff > 0 {
		ja = append(ja, "配偶者")
		en = append(en, "the spouse")
	}
	for _, r := range f.named {
		ja = append(ja, r.Label.Ja)
		en = append(en, r.Label.En)
	}
	return Text{Ja: strings.Join(ja, "・"), En: strings.Join(en, ", ")}
}

func (c *check) certificate(p Path, m *FamilyMember) {
	if !c.p.family.certificate || !slices.Contains(p, StepPartner) {
		return
	}
	if m.PartnershipCertificate {
		c.pass(RuleCertificate, msg("パートナーシップの証明書の写しが提出されています。", "A copy of the partnership certificate was submitted."))
		return
	}
	c.breach(RuleCertificate, refuse, msg("パートナーシップを通じた続柄には、宣誓書受領証などの写しの提出が必要です。",
		"A tie through a partnership needs a copy of the partnership certificate."))
}

func (c *check) cohabitation(raw Path, m *FamilyMember) {
	fam := c.p.family
	required, set := fam.cohabitationRequired, fam.cohabitationRequired
	// The relation as written wins over the same tie read through a union.
	norm := raw.Normalize(c.p.unions)
	found := false
	for _, want := range []Path{raw, norm} {
		for _, r := range fam.cohabitationBy {
			if !found && r.rel.Path.Equal(want) {
				required, set, found = r.required, true, true
			}
		}
	}
	switch {
	case !set:
		return
	case !required:
		c.pass(RuleCohabitation, msg("この続柄では同居は要件ではありません。", "Cohabitation is not required for this relation."))
	case m.Cohabiting:
		c.pass(RuleCohabitation, msg("同居しています。", "The family member lives with the employee."))
	default:
		c.breach(RuleCohabitation, refuse, msg("この続柄では同居が要件ですが、同居していません。",
			"Cohabitation is required for this relation, and the family member does not live with the employee."))
	}
}

func (c *check) childAge(m *FamilyMember) {
	l := c.rr.childLimit
	last, ok := l.LastDay(m.BirthDate)
	if !ok {
		return
	}
	label := childLimitLabels[l]
	switch {
	case m.BirthDate.IsZero():
		c.breach(RuleChildAge, refuse, msg("対象となる子の生年月日が必要です。", "The child's date of birth is required."))
	case m.BirthDate.After(c.d):
		c.breach(RuleChildAge, refuse, msg("子の生年月日が在宅勤務日より後です。", "The child's date of birth is after the telework day."))
	case c.d.After(last):
		c.breach(RuleChildAge, refuse, Text{
			Ja: fmt.Sprintf("%s生まれの子は、%sまで（%sまで）が対象です。この日はその後です。", m.BirthDate.jaPlain(), label.Ja, last.jaPlain()),
			En: fmt.Sprintf("A child born on %s qualifies %s (to %s); this date is later.", m.BirthDate.enPlain(), label.En, last.enPlain()),
		})
	default:
		c.pass(RuleChildAge, Text{
			Ja: fmt.Sprintf("%s生まれの子は、%sまで（%sまで）が対象です。", m.BirthDate.jaPlain(), label.Ja, last.jaPlain()),
			En: fmt.Sprintf("A child born on %s qualifies %s (to %s).", m.BirthDate.enPlain(), label.En, last.enPlain()),
		})
	}
}

func (c *check) care(m *FamilyMember) {
	care := c.rr.r.Care
	if care == nil {
		return
	}
	var want, wantEn []string
	if care.MinLevel > 0 {
		want = append(want, fmt.Sprintf("要介護%d以上", care.MinLevel))
		wantEn = append(wantEn, fmt.Sprintf("care level %d or higher", care.MinLevel))
	}
	if care.MinNeedDays > 0 {
		want = append(want, fmt.Sprintf("常時介護を要する期間が%d日以上", care.MinNeedDays))
		wantEn = append(wantEn, fmt.Sprintf("a need for constant care of at least %d days", care.MinNeedDays))
	}
	cond := Text{Ja: strings.Join(want, "または"), En: strings.Join(wantEn, " or ")}
	if (care.MinLevel > 0 && m.CareLevel >= care.MinLevel) || (care.MinNeedDays > 0 && m.NeedDays >= care.MinNeedDays) {
		c.pass(RuleCareNeed, Text{Ja: "介護の要件（" + cond.Ja + "）を満たしています。", En: "The care condition (" + cond.En + ") is met."})
		return
	}
	c.breach(RuleCareNeed, refuse, Text{
		Ja: fmt.Sprintf("介護の要件（%s）を満たしていません（要介護度 %d、期間 %d日）。", cond.Ja, m.CareLevel, m.NeedDays),
		En: fmt.Sprintf("The care condition (%s) is not met (care level %d, %d days).", cond.En, m.CareLevel, m.NeedDays),
	})
}
