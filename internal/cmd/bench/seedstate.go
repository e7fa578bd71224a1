package main

import (
	"bytes"
	"encoding/json"
	"fmt"
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
