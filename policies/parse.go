package policies

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// MaxDocumentSize bounds a policy document; real ones are a few kilobytes.
const MaxDocumentSize = 1 << 20

// FieldError is one problem in a policy document, at a path such as
// "limits.per_week" or "family.relations[2]" ("" for the document itself).
type FieldError struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Message Text   `json:"message"`
}

// Error returns "path: message" in English.
func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message.en()
	}
	return e.Path + ": " + e.Message.en()
}

// ParseError lists every problem Parse found.
type ParseError struct {
	Errors []FieldError `json:"errors"`
}

// Error returns one problem per line.
func (e *ParseError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		lines[i] = fe.Error()
	}
	return strings.Join(lines, "\n")
}

// Parse reads a policy document (YAML, or JSON, which YAML includes) and
// returns the compiled policy, or a *ParseError with every problem found and
// its path. Absent keys take the defaults listed in docs/policy-reference.md.
// Only a document that passes every check becomes a Policy, so nothing
// invalid can be evaluated.
func Parse(data []byte) (*Policy, error) {
	if len(data) > MaxDocumentSize {
		return nil, &ParseError{Errors: []FieldError{{Message: msg(
			"文書が大きすぎます（%d バイトまで）", "document too large (at most %d bytes)", MaxDocumentSize)}}}
	}
	root, err := unmarshalNode(data)
	if err != nil {
		return nil, &ParseError{Errors: []FieldError{{Message: msg(
			"YAML/JSON として読めません: %s", "not valid YAML or JSON: %s", err.Error())}}}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, &ParseError{Errors: []FieldError{{Message: msg("文書が空です", "empty document")}}}
	}
	body := root.Content[0]
	w := &walker{defs: map[string]map[string]bool{}}
	w.value(body, schema, "")
	w.checkRefs()
	if len(w.errs) > 0 {
		slices.SortStableFunc(w.errs, func(a, b FieldError) int { return a.Line - b.Line })
		return nil, &ParseError{Errors: w.errs}
	}
	var doc Document
	if err := body.Decode(&doc); err != nil {
		// The walk has checked every value, so this is a bug here, not in the document.
		return nil, &ParseError{Errors: []FieldError{{Message: msg(
			"文書を読み込めません: %s", "cannot decode the document: %s", err.Error())}}}
	}
	return compile(doc, data, body), nil
}

// unmarshalNode parses YAML into a node tree. The YAML library has had
// panics on hostile input; a policy upload must never take the server down.
func unmarshalNode(data []byte) (n *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("%v", r)
		}
	}()
	n = &yaml.Node{}
	err = yaml.Unmarshal(data, n)
	return n, err
}

// walker checks a node tree against the schema. It records problems, removes
// invalid values (so the rest can still be checked and decoded), normalises
// scalars and fills in defaults.
type walker struct {
	errs []FieldError
	defs map[string]map[string]bool // kind → names defined
	refs []reference
}

type reference struct {
	kind, name, path string
	line             int
}

func (w *walker) fail(n *yaml.Node, path string, m Text) {
	line := 0
	if n != nil {
		line = n.Line
	}
	w.errs = append(w.errs, FieldError{Path: path, Line: line, Message: m})
}

func (w *walker) mustBe(n *yaml.Node, path string, k kind) {
	kn := kindNames[k]
	w.fail(n, path, Text{Ja: kn.ja + "で指定してください", En: "must be " + kn.a})
}

// value checks n against s and reports whether it is valid enough to keep.
func (w *walker) value(n *yaml.Node, s *schemaNode, path string) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		w.fail(n, path, msg("アンカーとエイリアス（&, *）は使えません", "anchors and aliases (&, *) are not supported"))
		return false
	}
	switch s.kind {
	case kObject:
		return w.object(n, s, path)
	case kList:
		return w.list(n, s, path)
	case kMap:
		return w.boolMap(n, s, path)
	case kText:
		return w.text(n, path)
	}
	return w.scalar(n, s, path)
}

func (w *walker) object(n *yaml.Node, s *schemaNode, path string) bool {
	if n.Kind != yaml.MappingNode {
		w.mustBe(n, path, kObject)
		return false
	}
	present := map[string]bool{}
	kept := make([]*yaml.Node, 0, len(n.Content))
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			w.fail(k, path, msg("キーは文字列で書いてください", "keys must be plain text"))
			continue
		}
		p := joinPath(path, k.Value)
		if present[k.Value] {
			w.fail(k, p, msg("キーが重複しています", "duplicate key"))
			continue
		}
		present[k.Value] = true
		c := s.byKey[k.Value]
		if c == nil {
			w.fail(k, p, unknownKey(k.Value, s))
			continue
		}
		if isNull(v) {
			continue // written but empty: as if absent
		}
		if w.value(v, c, p) {
			kept = append(kept, k, v)
		}
	}
	has := map[string]bool{}
	for i := 0; i < len(kept); i += 2 {
		has[kept[i].Value] = true
	}
	for _, c := range s.fields {
		if has[c.key] || present[c.key] && !isNullIn(n, c.key) {
			continue
		}
		p := joinPath(path, c.key)
		switch {
		case c.meta.required:
			w.fail(n, p, msg("必須です", "is required"))
		case c.defNode != nil:
			kept = append(kept, keyNode(c.key), cloneNode(c.defNode))
		case c.kind == kObject && c.fillable:
			m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			w.object(m, c, p)
			kept = append(kept, keyNode(c.key), m)
		}
	}
	n.Content = kept
	if check := objectChecks[s.path]; check != nil {
		check(w, n, path)
	}
	return true
}

func (w *walker) list(n *yaml.Node, s *schemaNode, path string) bool {
	if n.Kind != yaml.SequenceNode {
		w.mustBe(n, path, kList)
		return false
	}
	kept := n.Content[:0:0]
	for i, item := range n.Content {
		if w.value(item, s.elem, fmt.Sprintf("%s[%d]", path, i)) {
			kept = append(kept, item)
		} else if s.elem.kind == kObject {
			// Keep the place of an invalid object so the paths of later
			// items stay true; it cannot be decoded, but the error is reported.
			kept = append(kept, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
		}
	}
	written := len(n.Content)
	n.Content = kept
	if written < s.meta.minItems { // items written but invalid are reported already
		w.fail(n, path, msg("%d件以上指定してください", "must have at least %d item(s)", s.meta.minItems))
	}
	return true
}

func (w *walker) boolMap(n *yaml.Node, s *schemaNode, path string) bool {
	if n.Kind != yaml.MappingNode {
		w.mustBe(n, path, kMap)
		return false
	}
	kept := n.Content[:0:0]
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := joinPath(path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			w.fail(k, path, msg("キーは文字列で書いてください", "keys must be plain text"))
		case seen[k.Value]:
			w.fail(k, p, msg("キーが重複しています", "duplicate key"))
		case !s.meta.enumContains(k.Value):
			w.fail(k, p, unknownValue(k.Value, s.meta))
		case v.Kind != yaml.ScalarNode || v.Tag != "!!bool":
			w.mustBe(v, p, kBool)
		default:
			k.Tag = "!!str"
			kept = append(kept, k, v)
		}
		if k.Kind == yaml.ScalarNode {
			seen[k.Value] = true
		}
	}
	n.Content = kept
	return true
}

// text accepts {ja, en} or a plain string (taken as Japanese).
func (w *walker) text(n *yaml.Node, path string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		ja := n.Value
		*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column,
			Content: []*yaml.Node{keyNode("ja"), strNode(ja)}}
	}
	if n.Kind != yaml.MappingNode {
		w.mustBe(n, path, kText)
		return false
	}
	ok, hasJa := true, false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := joinPath(path, k.Value)
		if k.Kind != yaml.ScalarNode || (k.Value != "ja" && k.Value != "en") {
			w.fail(k, p, msg("文言のキーは ja と en だけです", "a text has only the keys ja and en"))
			ok = false
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			w.mustBe(v, p, kString)
			ok = false
			continue
		}
		v.Tag = "!!str"
		if k.Value == "ja" && strings.TrimSpace(v.Value) != "" {
			hasJa = true
		}
	}
	if ok && !hasJa {
		w.fail(n, joinPath(path, "ja"), msg("日本語の文言が必要です", "a Japanese text (ja) is required"))
		ok = false
	}
	return ok
}

func (w *walker) scalar(n *yaml.Node, s *schemaNode, path string) bool {
	if n.Kind != yaml.ScalarNode {
		w.mustBe(n, path, s.kind)
		return false
	}
	m := s.meta
	switch s.kind {
	case kBool:
		if n.Tag != "!!bool" {
			w.mustBe(n, path, kBool)
			return false
		}
		return true
	case kInt:
		var v int
		if n.Tag != "!!int" || n.Decode(&v) != nil {
			w.mustBe(n, path, kInt)
			return false
		}
		if m.rng != nil && (v < m.rng[0] || v > m.rng[1]) {
			w.fail(n, path, msg("%d から %d までで指定してください", "must be between %d and %d", m.rng[0], m.rng[1]))
			return false
		}
		return true
	}
	// Every other kind is read from its text: a date or a number written
	// unquoted means the same as quoted.
	n.Tag, n.Style = "!!str", 0
	v := n.Value
	var err error
	switch s.kind {
	case kDate:
		_, err = ParseDate(v)
	case kMonthDay:
		_, err = ParseMonthDay(v)
	case kClock:
		_, err = ParseClock(v)
	case kDuration:
		var d Duration
		if err = d.UnmarshalText([]byte(v)); err == nil && m.rng != nil && (d.Minutes() < m.rng[0] || d.Minutes() > m.rng[1]) {
			lo, hi := Duration(time.Duration(m.rng[0])*time.Minute), Duration(time.Duration(m.rng[1])*time.Minute)
			w.fail(n, path, msg("%s から %s までで指定してください", "must be between %s and %s", lo, hi))
			return false
		}
	case kEffect:
		var e Effect
		if e, err = ParseEffect(v); err == nil && e.Action == ActionRequireStep {
			w.refs = append(w.refs, reference{kind: "step", name: e.Step, path: path, line: n.Line})
		}
	case kString:
		if !m.enumContains(v) {
			w.fail(n, path, unknownValue(v, m))
			return false
		}
		if m.check != nil {
			if problem, ok := m.check(v); !ok {
				w.fail(n, path, problem)
				return false
			}
		}
		if m.defines != "" {
			if w.defs[m.defines] == nil {
				w.defs[m.defines] = map[string]bool{}
			}
			if w.defs[m.defines][v] {
				w.fail(n, path, msg("%q は重複しています", "duplicate %q", v))
				return false
			}
			w.defs[m.defines][v] = true
		}
		if m.refers != "" {
			w.refs = append(w.refs, reference{kind: m.refers, name: v, path: path, line: n.Line})
		}
	}
	if err != nil {
		w.mustBe(n, path, s.kind)
		return false
	}
	return true
}

// checkRefs reports references to steps or reasons the document does not define.
func (w *walker) checkRefs() {
	for _, r := range w.refs {
		if w.defs[r.kind][r.name] {
			continue
		}
		switch r.kind {
		case "step":
			w.errs = append(w.errs, FieldError{Path: r.path, Line: r.line, Message: msg(
				"承認の手順 %q が approval.steps にありません", "unknown approval step %q (not in approval.steps)", r.name)})
		case "scheme":
			w.errs = append(w.errs, FieldError{Path: r.path, Line: r.line, Message: msg(
				"方式 %q が schemes にありません", "unknown scheme %q (not in schemes)", r.name)})
		default:
			w.errs = append(w.errs, FieldError{Path: r.path, Line: r.line, Message: msg(
				"事由 %q が reasons にありません", "unknown reason %q (not in reasons)", r.name)})
		}
	}
}

func unknownKey(key string, s *schemaNode) Text {
	keys := make([]string, len(s.fields))
	for i, f := range s.fields {
		keys[i] = f.key
	}
	m := msg("不明なキー %q です", "unknown key %q", key)
	if near := nearest(key, keys); near != "" {
		m = m.join(msg("（%s のことですか）", "(did you mean %s?)", near))
	}
	return m
}

func unknownValue(v string, m keyMeta) Text {
	if m.noun != nil {
		t := Text{Ja: fmt.Sprintf("不明な%s %q です", m.noun.Ja, v), En: fmt.Sprintf("unknown %s %q", m.noun.En, v)}
		if near := nearest(v, m.enum); near != "" {
			t = t.join(msg("（%s のことですか）", "(did you mean %s?)", near))
		}
		return t
	}
	return msg("%[2]q は使えません。次のいずれかです: %[1]s", "must be one of %s (got %q)", strings.Join(m.enum, ", "), v)
}

// nearest suggests a known word within two edits of a typo.
func nearest(word string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(word, k, bestD); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance, giving up (returning limit) once
// it cannot be below limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func isNullIn(m *yaml.Node, key string) bool {
	v := child(m, key)
	return v != nil && isNull(v)
}

func keyNode(k string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k} }
func strNode(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = cloneNode(x)
	}
	return &c
}

// child returns the value of key in a mapping node.
func child(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func intChild(m *yaml.Node, key string) (int, bool) {
	v := child(m, key)
	var x int
	if v == nil || v.Decode(&x) != nil {
		return 0, false
	}
	return x, true
}

func dateChild(m *yaml.Node, key string) (Date, bool) {
	v := child(m, key)
	if v == nil {
		return Date{}, false
	}
	d, err := ParseDate(v.Value)
	return d, err == nil
}

// objectChecks hold the rules that tie several keys of one object together.
// They run on the object after its keys were checked, with its true path.
var objectChecks = map[string]func(w *walker, n *yaml.Node, path string){
	"calendar": func(w *walker, n *yaml.Node, path string) {
		if wk := child(n, "weekend"); wk != nil {
			days := map[string]bool{}
			for _, d := range wk.Content {
				days[d.Value] = true
			}
			if len(days) >= 7 {
				w.fail(wk, joinPath(path, "weekend"), msg("開庁日が残るようにしてください", "must leave at least one working weekday"))
			}
		}
		closed := map[string]bool{}
		if c := child(n, "closed_dates"); c != nil {
			for _, d := range c.Content {
				closed[d.Value] = true
			}
		}
		if o := child(n, "open_dates"); o != nil {
			for i, d := range o.Content {
				if closed[d.Value] {
					w.fail(d, fmt.Sprintf("%s.open_dates[%d]", path, i), msg(
						"%s は closed_dates にもあります", "%s is also in closed_dates", d.Value))
				}
			}
		}
	},
	"calendar.blackouts[]": func(w *walker, n *yaml.Node, path string) {
		from, ok1 := dateChild(n, "from")
		to, ok2 := dateChild(n, "to")
		if ok1 && ok2 && to.Before(from) {
			w.fail(child(n, "to"), joinPath(path, "to"), msg("from より前の日付です", "is before from"))
		}
	},
	"attendance.bands[]": func(w *walker, n *yaml.Node, path string) {
		lo, okLo := intChild(n, "min_percent")
		hi, okHi := intChild(n, "max_percent")
		switch {
		case !okLo && !okHi && child(n, "level") != nil:
			w.fail(n, path, msg("min_percent か max_percent を指定してください", "needs min_percent or max_percent"))
		case okLo && okHi && lo > hi:
			w.fail(child(n, "max_percent"), joinPath(path, "max_percent"), msg("min_percent より小さい値です", "is below min_percent"))
		}
		from, ok1 := dateChild(n, "from")
		to, ok2 := dateChild(n, "to")
		if ok1 && ok2 && to.Before(from) {
			w.fail(child(n, "to"), joinPath(path, "to"), msg("from より前の日付です", "is before from"))
		}
	},
	"reasons[].care": func(w *walker, n *yaml.Node, path string) {
		if child(n, "min_level") == nil && child(n, "min_need_days") == nil {
			w.fail(n, path, msg("min_level か min_need_days を指定してください", "needs min_level or min_need_days"))
		}
	},
	"": func(w *walker, n *yaml.Node, path string) {
		from, ok1 := dateChild(n, "effective_from")
		to, ok2 := dateChild(n, "effective_to")
		if ok1 && ok2 && to.Before(from) {
			w.fail(child(n, "effective_to"), "effective_to", msg("effective_from より前の日付です", "is before effective_from"))
		}
	},
	"periods.windows[]": func(w *walker, n *yaml.Node, path string) {
		from, ok1 := dateChild(n, "from")
		to, ok2 := dateChild(n, "to")
		if ok1 && ok2 && to.Before(from) {
			w.fail(child(n, "to"), joinPath(path, "to"), msg("from より前の日付です", "is before from"))
		}
	},
	"units": func(w *walker, n *yaml.Node, path string) {
		var day, step Duration
		if d := child(n, "standard_day"); d == nil || day.UnmarshalText([]byte(d.Value)) != nil {
			return
		}
		if s := child(n, "hour_step"); s == nil || step.UnmarshalText([]byte(s.Value)) != nil {
			return
		}
		if step > day {
			w.fail(child(n, "hour_step"), joinPath(path, "hour_step"), msg("standard_day より長い刻みです", "is longer than standard_day"))
		}
	},
}
