package main

import (
	"crypto/rand"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// The check of a seeded state's cloning against the instances applied, and the attributes
// drawn at random that it cannot check (see seedstate.go).

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
