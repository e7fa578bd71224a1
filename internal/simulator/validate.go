package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
)

// This file validates request bodies against the OpenAPI schema of a kind: types, enums,
// " Max length: N;" hints, the wire date format and required fields. Unknown fields are
// refused so a misspelt field is an error instead of silently lost data.

var dateTimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

// readOnlyFields are fields the server owns: ignored in POST/PUT bodies, refused in PATCH.
var readOnlyFields = map[string][]string{
	"":           {"id", "_info"},
	"additions":  {"agreementId", "agreementStatus", "extPrice", "extCost", "margin", "uom", "billedQuantity"},
	"agreements": {"agreementStatus"},
	"companies":  {"deletedFlag", "dateDeleted", "deletedBy"},
	"catalog":    {"category"},
}

func isReadOnly(kind, field string) bool {
	for _, k := range []string{"", kind} {
		for _, f := range readOnlyFields[k] {
			if f == field {
				return true
			}
		}
	}
	return false
}

// decodeBody reads a JSON request body, keeping numbers exact (json.Number) so that
// integer fields can tell 3 from 3.5.
func decodeBody(r *http.Request) (any, *apiResponse) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return nil, apiError(http.StatusUnsupportedMediaType, "UnsupportedMediaType",
			"The request body must be JSON (Content-Type: application/json); got %q.", r.Header.Get("Content-Type"))
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		return nil, badRequest("InvalidObject", "Could not read the request body: %v", err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, badRequest("InvalidObject", "The request body is empty.")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, badRequest("InvalidObject", "The request body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest("InvalidObject", "The request body has data after the JSON value.")
	}
	return v, nil
}

// validator collects field errors for one resource.
type validator struct {
	d        *apiDoc
	resource string
	errs     []fieldError
}

func (v *validator) fail(code, field, format string, args ...any) {
	v.errs = append(v.errs, fieldError{Code: code, Field: field, Message: fmt.Sprintf(format, args...), Resource: v.resource})
}

// body validates a POST/PUT body: read-only fields are dropped, the rest checked and
// normalised (numbers become float64, nulls are dropped: null clears a field).
func (v *validator) body(kind string, schema *schemaNode, in map[string]any) map[string]any {
	out := map[string]any{}
	for k, val := range in {
		if isReadOnly(kind, k) {
			continue
		}
		prop, ok := schema.Properties[k]
		if !ok {
			v.fail("InvalidField", k, "%s is not a field of %s.", k, v.resource)
			continue
		}
		if nv := v.value(prop, val, k); nv != nil {
			out[k] = nv
		}
	}
	return out
}

// required reports missing required fields of a complete object; onUpdate adds the
// fields the source marks " Required On Updates;".
func (v *validator) required(schema *schemaNode, obj map[string]any, onUpdate bool) {
	for _, name := range sortedKeys(schema.Properties) {
		prop := schema.Properties[name]
		if !schema.isRequired(name) && (!onUpdate || !prop.requiredOnUpdates) {
			continue
		}
		val, ok := obj[name]
		if s, isStr := val.(string); !ok || val == nil || (isStr && strings.TrimSpace(s) == "") {
			v.fail("MissingRequiredField", name, "%s is required.", name)
		}
	}
}

// value checks one value against its schema and returns it normalised; nil drops it.
func (v *validator) value(s *schemaNode, val any, field string) any {
	s = v.d.resolve(s)
	if val == nil {
		return nil
	}
	if s == nil || s.isFreeForm() {
		return normalizeNumbers(val)
	}
	switch s.Type {
	case "string":
		str, ok := val.(string)
		if !ok {
			v.fail("InvalidField", field, "%s must be a string.", field)
			return nil
		}
		return v.stringValue(s, str, field)
	case "integer":
		n, ok := val.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil || i < math.MinInt32 || i > math.MaxInt32 {
			v.fail("InvalidField", field, "%s must be a 32-bit integer.", field)
			return nil
		}
		return float64(i)
	case "number":
		n, ok := val.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			v.fail("InvalidField", field, "%s must be a number.", field)
			return nil
		}
		return f
	case "boolean":
		b, ok := val.(bool)
		if !ok {
			v.fail("InvalidField", field, "%s must be true or false.", field)
			return nil
		}
		return b
	case "array":
		arr, ok := val.([]any)
		if !ok {
			v.fail("InvalidField", field, "%s must be an array.", field)
			return nil
		}
		out := make([]any, 0, len(arr))
		for _, e := range arr {
			if ne := v.value(s.Items, e, field); ne != nil {
				out = append(out, ne)
			}
		}
		return out
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.fail("InvalidField", field, "%s must be an object.", field)
		return nil
	}
	out := map[string]any{}
	for k, e := range obj {
		if k == "_info" {
			continue // server-owned in references too
		}
		prop := s.Properties[k]
		if prop == nil && s.additional != nil {
			prop = s.additional
		}
		if prop == nil {
			v.fail("InvalidField", field+"/"+k, "%s is not a field of %s.", k, field)
			continue
		}
		if ne := v.value(prop, e, field+"/"+k); ne != nil {
			out[k] = ne
		}
	}
	return out
}

func (v *validator) stringValue(s *schemaNode, str, field string) any {
	switch s.Format {
	case "date-time":
		if _, err := time.Parse(timeLayout, str); err != nil || !dateTimeRe.MatchString(str) {
			v.fail("UnsupportedFormat", field, "%s must be a UTC date yyyy-MM-ddTHH:mm:ssZ (got %q).", field, str)
			return nil
		}
	case "uuid":
		if !guidRe.MatchString(str) {
			v.fail("InvalidField", field, "%s must be a GUID.", field)
			return nil
		}
	}
	if len(s.Enum) > 0 {
		found := false
		for _, e := range s.Enum {
			found = found || e == str
		}
		if !found {
			v.fail("InvalidField", field, "%s must be one of %s (got %q).", field, strings.Join(s.Enum, ", "), str)
			return nil
		}
	}
	if s.maxLength > 0 {
		if n := len(utf16.Encode([]rune(str))); n > s.maxLength {
			v.fail("InvalidField", field, "%s is %d characters long; the maximum is %d.", field, n, s.maxLength)
			return nil
		}
	}
	return str
}

// normalizeNumbers turns json.Number into float64 in free-form values.
func normalizeNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = normalizeNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = normalizeNumbers(e)
		}
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
