package simulator

import "strings"

// applyPatch applies a ConnectWise PATCH body (a JSON array of {"op","path","value"}) to a
// copy of obj. ConnectWise paths are bare, case-sensitive top-level field names (a leading
// "/" is tolerated, as JSON Patch writes it); a reference field is replaced whole. Every
// problem is reported against its field; nothing is applied unless all operations are valid.
func (v *validator) applyPatch(kind string, schema *schemaNode, obj map[string]any, body any) map[string]any {
	ops, ok := body.([]any)
	if !ok {
		v.fail("InvalidField", "", "A PATCH body must be a JSON array of operations like [{\"op\":\"replace\",\"path\":\"quantity\",\"value\":42}].")
		return nil
	}
	out := deepCopy(obj).(map[string]any)
	for i, raw := range ops {
		op, ok := raw.(map[string]any)
		if !ok {
			v.fail("InvalidField", "", "Operation %d is not an object.", i+1)
			continue
		}
		v.applyOne(kind, schema, out, op, i+1)
	}
	return out
}

func (v *validator) applyOne(kind string, schema *schemaNode, out, op map[string]any, n int) {
	for k := range op {
		if k != "op" && k != "path" && k != "value" {
			v.fail("InvalidField", "", "Operation %d has an unknown member %q (expected op, path, value).", n, k)
			return
		}
	}
	name, _ := op["op"].(string)
	path, _ := op["path"].(string)
	field := strings.TrimPrefix(path, "/")
	switch {
	case name != "replace" && name != "add" && name != "remove":
		v.fail("InvalidField", field, "Operation %d: op must be \"replace\" (or \"add\"/\"remove\"), got %q.", n, name)
		return
	case field == "":
		v.fail("InvalidField", "", "Operation %d: path is required.", n)
		return
	case strings.Contains(field, "/"):
		v.fail("InvalidField", field, "Operation %d: path %q must be a top-level field name; replace reference fields whole.", n, path)
		return
	case schema.Properties[field] == nil:
		v.fail("InvalidField", field, "Operation %d: %s is not a field of %s (field names are case-sensitive).", n, field, v.resource)
		return
	case isReadOnly(kind, field):
		v.fail("InvalidField", field, "Operation %d: %s is read-only.", n, field)
		return
	}
	if name == "remove" {
		delete(out, field)
		return
	}
	val, present := op["value"]
	if !present {
		v.fail("InvalidField", field, "Operation %d: value is required for %s.", n, name)
		return
	}
	before := len(v.errs)
	nv := v.value(schema.Properties[field], val, field)
	if len(v.errs) > before {
		return
	}
	if nv == nil {
		delete(out, field)
	} else {
		out[field] = nv
	}
}
