package policies

import (
	"fmt"
	"slices"
	"strings"
)

// Step is one link of a kinship path, from one person to the next.
// parent and child include adoptive ties (adoption counts as blood under the
// Civil Code); spouse is a legal marriage; partner is a union under a
// municipal partnership certificate (パートナーシップ宣誓); common_law is a
// common-law union (内縁). Whether the last two count as a marriage is the
// policy's choice (family.partnership_as_spouse, family.common_law_as_spouse).
type Step string

// The steps of a kinship path.
const (
	StepParent    Step = "parent"
	StepChild     Step = "child"
	StepSpouse    Step = "spouse"
	StepPartner   Step = "partner"
	StepCommonLaw Step = "common_law"
)

var stepLabels = map[Step]Text{
	StepParent:    {Ja: "親", En: "parent"},
	StepChild:     {Ja: "子", En: "child"},
	StepSpouse:    {Ja: "配偶者", En: "spouse"},
	StepPartner:   {Ja: "パートナー", En: "partner"},
	StepCommonLaw: {Ja: "内縁の配偶者", En: "common-law partner"},
}

func (s Step) known() bool { _, ok := stepLabels[s]; return ok }

func (s Step) union() bool { return s == StepSpouse || s == StepPartner || s == StepCommonLaw }

// Path is a kinship path from the employee to a family member, one Step per
// person on the way: [spouse, child] is the spouse's child. Each step reaches
// a new person: [child, parent] is the other parent of one's child, not
// oneself, and [parent, child] a sibling. The empty path is the employee.
type Path []Step

// ParsePath reads a path written with slashes, e.g. "spouse/parent".
func ParsePath(s string) (Path, error) {
	if s == "" {
		return nil, nil
	}
	var p Path
	for _, part := range strings.Split(s, "/") {
		st := Step(part)
		if !st.known() {
			return nil, fmt.Errorf("unknown kinship step %q", part)
		}
		p = append(p, st)
	}
	return p, nil
}

// String returns the path with slashes, e.g. "spouse/parent".
func (p Path) String() string {
	parts := make([]string, len(p))
	for i, s := range p {
		parts[i] = string(s)
	}
	return strings.Join(parts, "/")
}

// Equal reports whether two paths are the same.
func (p Path) Equal(o Path) bool {
	if len(p) != len(o) {
		return false
	}
	for i := range p {
		if p[i] != o[i] {
			return false
		}
	}
	return true
}

// label describes a path for messages: "配偶者の子の子" / "spouse's child's child".
func (p Path) label() Text {
	if len(p) == 0 {
		return Text{Ja: "本人", En: "the employee"}
	}
	ja := make([]string, len(p))
	en := make([]string, len(p))
	for i, s := range p {
		l, ok := stepLabels[s]
		if !ok {
			l = Text{Ja: string(s), En: string(s)}
		}
		ja[i], en[i] = l.Ja, l.En
	}
	return Text{Ja: strings.Join(ja, "の"), En: strings.Join(en, "'s ")}
}

// Unions says which unions besides a legal marriage count as a marriage.
type Unions struct {
	Partnership bool `json:"partnership"`
	CommonLaw   bool `json:"common_law"`
}

func (u Unions) counts(s Step) bool {
	switch s {
	case StepSpouse:
		return true
	case StepPartner:
		return u.Partnership
	case StepCommonLaw:
		return u.CommonLaw
	}
	return false
}

// Normalize returns p with every union that counts as a marriage written as
// spouse, so that [common_law, child] matches "stepchild" when the policy
// treats common-law partners as spouses.
func (p Path) Normalize(u Unions) Path {
	var out Path
	for i, s := range p {
		if s != StepSpouse && s.union() && u.counts(s) {
			if out == nil {
				out = append(Path(nil), p...)
			}
			out[i] = StepSpouse
		}
	}
	if out == nil {
		return p
	}
	return out
}

// Line is the kind of tie a kinship path describes.
type Line string

// The lines of kinship.
const (
	LineSelf     Line = "self"
	LineSpouse   Line = "spouse"   // 配偶者: no degree
	LineBlood    Line = "blood"    // 血族
	LineAffinity Line = "affinity" // 姻族
	LineNone     Line = "none"     // not a relative under the Civil Code
)

// Kinship is the tie of a path: its line and degree (親等).
type Kinship struct {
	Line   Line `json:"line"`
	Degree int  `json:"degree"`
	// Union is the union the tie runs through (spouse, partner or
	// common_law) for spouses and in-laws, and for a path that is no tie only
	// because that union does not count as a marriage.
	Union Step `json:"union,omitempty"`
}

// KinshipOf derives the line and degree of a path as the Civil Code counts
// them (arts. 725–726): blood relatives by generations up to the common
// ancestor and down again; a spouse has no degree; in-laws are the spouse's
// blood relatives and the blood relatives' spouses, with the degree of the
// blood tie. A path that goes down and then up again, or passes through two
// unions, leads to no relative. Degrees are derived here and never typed in,
// so a policy cannot disagree with the Civil Code about them.
func KinshipOf(p Path, u Unions) Kinship {
	if len(p) == 0 {
		return Kinship{Line: LineSelf}
	}
	for _, s := range p {
		if !s.known() {
			return Kinship{Line: LineNone}
		}
	}
	i, j := 0, len(p)
	var union Step
	if p[0].union() {
		union, i = p[0], 1
	}
	if j > i && p[j-1].union() {
		if union != "" {
			return Kinship{Line: LineNone} // the spouse's relative's spouse: no tie
		}
		union, j = p[j-1], j-1
	}
	down := false
	for _, s := range p[i:j] {
		switch s {
		case StepChild:
			down = true
		case StepParent:
			if down {
				return Kinship{Line: LineNone} // the other parent of a descendant
			}
		default:
			return Kinship{Line: LineNone} // a union in the middle of the path
		}
	}
	degree := j - i
	switch {
	case union == "":
		return Kinship{Line: LineBlood, Degree: degree}
	case !u.counts(union):
		return Kinship{Line: LineNone, Union: union}
	case degree == 0:
		return Kinship{Line: LineSpouse, Union: union}
	}
	return Kinship{Line: LineAffinity, Degree: degree, Union: union}
}

// IsRelative reports whether the tie makes a relative (親族) under Civil Code
// art. 725: blood within 6 degrees, the spouse, in-laws within 3 degrees.
func (k Kinship) IsRelative() bool {
	switch k.Line {
	case LineSpouse:
		return true
	case LineBlood:
		return k.Degree <= 6
	case LineAffinity:
		return k.Degree <= 3
	}
	return false
}

// label describes the tie: "姻族1親等" / "1st-degree relative by affinity".
func (k Kinship) label() Text {
	switch k.Line {
	case LineSelf:
		return Text{Ja: "本人", En: "the employee"}
	case LineSpouse:
		return Text{Ja: "配偶者", En: "spouse"}
	case LineBlood:
		return Text{Ja: fmt.Sprintf("血族%d親等", k.Degree), En: ordinal(k.Degree) + "-degree blood relative"}
	case LineAffinity:
		return Text{Ja: fmt.Sprintf("姻族%d親等", k.Degree), En: ordinal(k.Degree) + "-degree relative by affinity"}
	}
	return Text{Ja: "親族関係なし", En: "not a relative"}
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprint(n, suffix)
}

// Relation is a named kinship path a policy can list (family.relations,
// reasons[].relations) and a request can name (FamilyMember.Relation).
type Relation struct {
	Name  string `json:"name"`
	Path  Path   `json:"path"`
	Label Text   `json:"label"`
}

// relations is the vocabulary of named relations. Relations through a
// partnership or a common-law union have their own names, so a policy that
// does not treat those unions as marriages can still name, say, the
// cohabiting child of a common-law partner; when it does treat them as
// marriages they also match the spouse forms (partner_child is a stepchild).
var relations = []Relation{
	{"spouse", Path{StepSpouse}, Text{Ja: "配偶者", En: "spouse"}},
	{"partner", Path{StepPartner}, Text{Ja: "パートナーシップの相手", En: "partner under a partnership certificate"}},
	{"common_law_partner", Path{StepCommonLaw}, Text{Ja: "内縁の配偶者", En: "common-law partner"}},
	{"parent", Path{StepParent}, Text{Ja: "父母", En: "parent"}},
	{"child", Path{StepChild}, Text{Ja: "子", En: "child"}},
	{"stepchild", Path{StepSpouse, StepChild}, Text{Ja: "配偶者の子", En: "spouse's child"}},
	{"partner_child", Path{StepPartner, StepChild}, Text{Ja: "パートナーの子", En: "partner's child"}},
	{"common_law_partner_child", Path{StepCommonLaw, StepChild}, Text{Ja: "内縁の配偶者の子", En: "common-law partner's child"}},
	{"parent_in_law", Path{StepSpouse, StepParent}, Text{Ja: "配偶者の父母", En: "parent-in-law"}},
	{"partner_parent", Path{StepPartner, StepParent}, Text{Ja: "パートナーの父母", En: "partner's parent"}},
	{"common_law_partner_parent", Path{StepCommonLaw, StepParent}, Text{Ja: "内縁の配偶者の父母", En: "common-law partner's parent"}},
	{"step_parent", Path{StepParent, StepSpouse}, Text{Ja: "父母の配偶者", En: "step-parent"}},
	{"child_in_law", Path{StepChild, StepSpouse}, Text{Ja: "子の配偶者", En: "child's spouse"}},
	{"sibling", Path{StepParent, StepChild}, Text{Ja: "兄弟姉妹", En: "sibling"}},
	{"sibling_in_law", Path{StepSpouse, StepParent, StepChild}, Text{Ja: "配偶者の兄弟姉妹", En: "spouse's sibling"}},
	{"sibling_spouse", Path{StepParent, StepChild, StepSpouse}, Text{Ja: "兄弟姉妹の配偶者", En: "sibling's spouse"}},
	{"grandparent", Path{StepParent, StepParent}, Text{Ja: "祖父母", En: "grandparent"}},
	{"grandparent_in_law", Path{StepSpouse, StepParent, StepParent}, Text{Ja: "配偶者の祖父母", En: "spouse's grandparent"}},
	{"grandchild", Path{StepChild, StepChild}, Text{Ja: "孫", En: "grandchild"}},
	{"step_grandchild", Path{StepSpouse, StepChild, StepChild}, Text{Ja: "配偶者の孫", En: "spouse's grandchild"}},
	{"great_grandparent", Path{StepParent, StepParent, StepParent}, Text{Ja: "曾祖父母", En: "great-grandparent"}},
	{"great_grandchild", Path{StepChild, StepChild, StepChild}, Text{Ja: "曾孫", En: "great-grandchild"}},
	{"uncle_aunt", Path{StepParent, StepParent, StepChild}, Text{Ja: "おじ・おば", En: "uncle or aunt"}},
	{"uncle_aunt_in_law", Path{StepSpouse, StepParent, StepParent, StepChild}, Text{Ja: "配偶者のおじ・おば", En: "spouse's uncle or aunt"}},
	{"nephew_niece", Path{StepParent, StepChild, StepChild}, Text{Ja: "おい・めい", En: "nephew or niece"}},
	{"nephew_niece_in_law", Path{StepSpouse, StepParent, StepChild, StepChild}, Text{Ja: "配偶者のおい・めい", En: "spouse's nephew or niece"}},
	{"cousin", Path{StepParent, StepParent, StepChild, StepChild}, Text{Ja: "いとこ", En: "cousin"}},
}

var relationIndex = func() map[string]int {
	m := make(map[string]int, len(relations))
	for i, r := range relations {
		m[r.Name] = i
	}
	return m
}()

// Relations returns (a copy of) the vocabulary of named relations.
func Relations() []Relation {
	out := make([]Relation, len(relations))
	for i, r := range relations {
		r.Path = slices.Clone(r.Path)
		out[i] = r
	}
	return out
}

// RelationByName returns (a copy of) the named relation.
func RelationByName(name string) (Relation, bool) {
	r, ok := relationByName(name)
	r.Path = slices.Clone(r.Path)
	return r, ok
}

// relationByName returns the shared entry, for the engine's own use.
func relationByName(name string) (Relation, bool) {
	i, ok := relationIndex[name]
	if !ok {
		return Relation{}, false
	}
	return relations[i], true
}

func relationNames() []string {
	names := make([]string, len(relations))
	for i, r := range relations {
		names[i] = r.Name
	}
	return names
}

// relationOf returns the named relation whose path is p, if any.
func relationOf(p Path) (Relation, bool) {
	for _, r := range relations {
		if r.Path.Equal(p) {
			return r, true
		}
	}
	return Relation{}, false
}
