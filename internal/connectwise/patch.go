package connectwise

// PatchOp is one operation of a PATCH body. ConnectWise takes a JSON array
// of them with bare, case-sensitive field names; a reference field is
// replaced whole ({"op":"replace","path":"product","value":{"id":12}}).
// PATCH is preferred over PUT: a PUT resets every field it leaves out,
// wiping what a person set in the UI.
type PatchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// Replace sets one field.
func Replace(path string, value any) PatchOp {
	return PatchOp{Op: "replace", Path: path, Value: value}
}
