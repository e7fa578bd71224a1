package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Seeding a state: a first apply of 10,000 mappings costs Terraform's local backend half
// an hour per configuration (it deep-copies the whole state after each resource), and the
// plans measured need only the state such an apply writes. So the bench applies the first
// few mappings and clones one of their instances for each other mapping, changing only what
// differs between mappings. What differs is not listed by hand: each mapping has tokens (its
// key, its block name, its company and agreement IDs and the string fields of its company
// and agreement records), and every value of an instance that equals one of the template
// mapping's tokens becomes the same token of the mapping cloned for. The applied instances
// check the substitution: the template cloned for each of the others must give exactly what
// Terraform wrote for it, or seeding fails (and the bench applies instead). One kind of
// attribute is not a token: an ID each instance draws at random (terraform_data's id, a
// UUID). A top-level attribute that holds a UUID different in every applied instance gets
// a new random UUID in each clone.

// tokens are the values that belong to one mapping, by role.
type tokens struct {
	key     string            // its organization ID, the for_each key; also inside composite IDs
	roles   map[string]string // role -> value, value written kind + ":" + text
	byValue map[string][]string
}

// mappingTokens are the i-th mapping's tokens; companies and agreements are the site's
// records by ID (the simulator's store), whose names the provider's computed attributes copy.
func mappingTokens(i int, m mapping, companies, agreements map[int]map[string]any) tokens {
	t := tokens{key: customerKey(i), roles: map[string]string{
		"key": "s:" + customerKey(i), "block": "s:" + blockName(i),
		"company": "n:" + strconv.Itoa(m.company), "agreement": "n:" + strconv.Itoa(m.agreement),
	}}
	for prefix, record := range map[string]map[string]any{"company.": companies[m.company], "agreement.": agreements[m.agreement]} {
		for field, v := range record {
			if s, ok := v.(string); ok && s != "" {
				t.roles[prefix+field] = "s:" + s
			}
		}
	}
	t.byValue = map[string][]string{}
	for role, v := range t.roles {
		t.byValue[v] = append(t.byValue[v], role)
	}
	return t
}

// substitute is v (decoded with UseNumber) with the values of from's mapping made to's.
func substitute(v any, from, to tokens) (out any, err error) {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			if m[k], err = substitute(e, from, to); err != nil {
				return nil, err
			}
		}
		return m, nil
	case []any:
		l := make([]any, len(x))
		for k, e := range x {
			if l[k], err = substitute(e, from, to); err != nil {
				return nil, err
			}
		}
		return l, nil
	case string:
		if r, ok, err := swap("s:"+x, from, to); ok || err != nil {
			return r, err
		}
		// A composite ID (integration/organization) holds the key inside.
		return strings.ReplaceAll(x, from.key, to.key), nil
	case json.Number:
		if r, ok, err := swap("n:"+string(x), from, to); ok || err != nil {
			return r, err
		}
	}
	return v, nil
}

// swap is the value of to's role that value holds in from, if it holds one. A value two
// roles share in from is ambiguous unless they share one in to as well.
func swap(value string, from, to tokens) (any, bool, error) {
	roles := from.byValue[value]
	if len(roles) == 0 {
		return nil, false, nil
	}
	want := to.roles[roles[0]]
	for _, r := range roles[1:] {
		if to.roles[r] != want {
			return nil, false, fmt.Errorf("%s is both %s and %s of the template mapping", value[2:], roles[0], r)
		}
	}
	if want == "" {
		return nil, false, fmt.Errorf("the mapping has no %s", roles[0])
	}
	if strings.HasPrefix(want, "n:") {
		return json.Number(want[2:]), true, nil
	}
	return want[2:], true, nil
}

// tfState is a state file (format version 4), decoded with UseNumber so that it encodes as
// Terraform wrote it.
type tfState map[string]any

func decodeState(raw []byte) (tfState, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var st tfState
	if err := d.Decode(&st); err != nil {
		return nil, err
	}
	if v := fmt.Sprint(st["version"]); v != "4" {
		return nil, fmt.Errorf("state format version %s, want 4", v)
	}
	return st, nil
}

// mappingInstance is where the j-th mapping's instance is in the state: its resource and,
// for the for_each layout, its index among the resource's instances.
type mappingInstance struct {
	resource map[string]any
	instance map[string]any
}

// findMappings finds the instances of the first k mappings.
func (st tfState) findMappings(layout string, k int) ([]mappingInstance, error) {
	resources, _ := st["resources"].([]any)
	found := make([]mappingInstance, k)
	for _, r := range resources {
		res, _ := r.(map[string]any)
		if res["mode"] != "managed" {
			continue
		}
		instances, _ := res["instances"].([]any)
		for j := range k {
			for _, in := range instances {
				inst, _ := in.(map[string]any)
				static := layout == layoutStatic && res["name"] == blockName(j) && len(instances) == 1
				each := layout == layoutForEach && res["name"] == forEachName && inst["index_key"] == customerKey(j)
				if static || each {
					found[j] = mappingInstance{res, inst}
				}
			}
		}
	}
	for j, f := range found {
		if f.instance == nil {
			return nil, fmt.Errorf("no instance of mapping %d in the state", j)
		}
	}
	return found, nil
}

// cloneInstance is the template instance made the mapping of to's, with a new UUID in each
// of the fresh attributes.
func cloneInstance(inst map[string]any, from, to tokens, fresh []string) (map[string]any, error) {
	out := make(map[string]any, len(inst))
	for k, v := range inst {
		out[k] = v // schema_version, private, dependencies, sensitive_attributes: as written
	}
	for _, field := range []string{"attributes", "identity", "index_key"} {
		if v, ok := inst[field]; ok {
			s, err := substitute(v, from, to)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", field, err)
			}
			out[field] = s
		}
	}
	if len(fresh) > 0 {
		attrs, _ := out["attributes"].(map[string]any)
		for _, a := range fresh {
			u, err := newUUID()
			if err != nil {
				return nil, err
			}
			attrs[a] = u
		}
	}
	return out, nil
}

// freshAttributes are the top-level attributes that hold a UUID, another in each applied
// instance: IDs drawn at random, not derived from the mapping.
func freshAttributes(applied []mappingInstance) []string {
	var fresh []string
	first, _ := applied[0].instance["attributes"].(map[string]any)
	for a := range first {
		seen := map[string]bool{}
		for _, m := range applied {
			attrs, _ := m.instance["attributes"].(map[string]any)
			if v, ok := attrs[a].(string); ok && uuidPattern.MatchString(v) {
				seen[v] = true
			}
		}
		if len(seen) == len(applied) {
			fresh = append(fresh, a)
		}
	}
	slices.Sort(fresh)
	return fresh
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// newUUID is a random UUID in the form terraform_data's ids have.
func newUUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// seedState is the state applied for the first k mappings (raw) with an instance for each
// of all: the instance of a template mapping cloned, checked against the others applied.
func seedState(raw []byte, layout string, k int, all []tokens) ([]byte, error) {
	st, err := decodeState(raw)
	if err != nil {
		return nil, err
	}
	applied, err := st.findMappings(layout, k)
	if err != nil {
		return nil, err
	}
	fresh := freshAttributes(applied)
	t, err := pickTemplate(applied, all[:k], fresh)
	if err != nil {
		return nil, err
	}
	template := applied[t]
	resources, _ := st["resources"].([]any)
	var instances []any // the for_each resource's
	if layout == layoutForEach {
		instances, _ = template.resource["instances"].([]any)
	}
	for i := k; i < len(all); i++ {
		inst, err := cloneInstance(template.instance, all[t], all[i], fresh)
		if err != nil {
			return nil, fmt.Errorf("mapping %d: %w", i, err)
		}
		if layout == layoutForEach {
			instances = append(instances, inst)
			continue
		}
		res := make(map[string]any, len(template.resource))
		for f, v := range template.resource {
			res[f] = v // mode, type, provider as written
		}
		res["name"], res["instances"] = blockName(i), []any{inst}
		resources = append(resources, res)
	}
	if layout == layoutForEach {
		template.resource["instances"] = instances
	}
	slices.SortStableFunc(resources, compareResources) // in the order Terraform writes them
	st["resources"] = resources
	serial, err := strconv.Atoi(fmt.Sprint(st["serial"]))
	if err != nil {
		return nil, fmt.Errorf("serial: %w", err)
	}
	st["serial"] = json.Number(strconv.Itoa(serial + 1)) // the lineage stays: the same state, written again
	return json.MarshalIndent(st, "", "  ")
}

// compareResources orders a state's resources by module, mode, type and name, as Terraform
// writes them.
func compareResources(a, b any) int {
	ra, _ := a.(map[string]any)
	rb, _ := b.(map[string]any)
	for _, f := range []string{"module", "mode", "type", "name"} {
		if c := strings.Compare(fmt.Sprint(ra[f]), fmt.Sprint(rb[f])); c != 0 {
			return c
		}
	}
	return 0
}

// pickTemplate is the first applied mapping whose instance, cloned for each of the others,
// is what Terraform wrote for it (but for the fresh attributes' random values).
func pickTemplate(applied []mappingInstance, toks []tokens, fresh []string) (int, error) {
	if len(applied) < 2 {
		return 0, fmt.Errorf("seeding needs at least 2 applied mappings to check the cloning against")
	}
	var problems []string
	for t := range applied {
		var bad []string
		for j := range applied {
			if j == t {
				continue
			}
			got, err := cloneInstance(applied[t].instance, toks[t], toks[j], nil)
			if err == nil {
				got = withAttributes(got, applied[j].instance, fresh)
			}
			if err != nil {
				bad = append(bad, fmt.Sprintf("to %d: %v", j, err))
			} else if !reflect.DeepEqual(got, applied[j].instance) {
				bad = append(bad, fmt.Sprintf("to %d: %s", j, diffFields(got, applied[j].instance)))
			}
		}
		if len(bad) == 0 {
			return t, nil
		}
		problems = append(problems, fmt.Sprintf("mapping %d cloned %s", t, strings.Join(bad, "; ")))
	}
	return 0, fmt.Errorf("no applied mapping clones into the others: %s", strings.Join(problems, "; "))
}

// withAttributes is inst with these attributes of other's.
func withAttributes(inst, other map[string]any, names []string) map[string]any {
	attrs, _ := inst["attributes"].(map[string]any)
	from, _ := other["attributes"].(map[string]any)
	if attrs == nil {
		return inst
	}
	for _, a := range names {
		attrs[a] = from[a]
	}
	return inst
}

// diffFields names what a clone got wrong, for the fallback's message.
func diffFields(got, want map[string]any) string {
	var out []string
	for k, w := range want {
		g := got[k]
		if ga, ok := g.(map[string]any); ok {
			if wa, ok := w.(map[string]any); ok {
				for a := range wa {
					if !reflect.DeepEqual(ga[a], wa[a]) {
						out = append(out, fmt.Sprintf("%s.%s = %v, applied %v", k, a, ga[a], wa[a]))
					}
				}
				continue
			}
		}
		if !reflect.DeepEqual(g, w) {
			out = append(out, fmt.Sprintf("%s = %v, applied %v", k, g, w))
		}
	}
	return strings.Join(out, ", ")
}
