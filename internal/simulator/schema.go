package simulator

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// openapiJSON is a byte-identical copy of shared/connectwise/openapi-subset.json (a test
// checks it), so validation follows the published schemas rather than our reading of them.
//
//go:embed openapi/openapi-subset.json
var openapiJSON []byte

// schemaOf names the OpenAPI schema of each stored kind.
var schemaOf = map[string]string{
	"companies":       "Company",
	"companyTypes":    "CompanyType",
	"companyStatuses": "CompanyStatus",
	"agreements":      "Agreement",
	"agreementTypes":  "AgreementType",
	"additions":       "Addition",
	"catalog":         "CatalogItem",
	"categories":      "Category",
	"subcategories":   "SubCategory",
	"productTypes":    "ProductType",
	"unitOfMeasures":  "UnitOfMeasure",
	"manufacturers":   "Manufacturer",
}

// schemaNode is the part of an OpenAPI 3.0 schema object the simulator uses.
type schemaNode struct {
	Ref                  string                 `json:"$ref"`
	Type                 string                 `json:"type"`
	Format               string                 `json:"format"`
	Nullable             bool                   `json:"nullable"`
	Enum                 []string               `json:"enum"`
	Required             []string               `json:"required"`
	Properties           map[string]*schemaNode `json:"properties"`
	Items                *schemaNode            `json:"items"`
	AdditionalProperties json.RawMessage        `json:"additionalProperties"`
	Description          string                 `json:"description"`

	// Derived from the above once the document is loaded.
	maxLength         int         // from " Max length: N;" in the description; 0 = none
	requiredOnUpdates bool        // " Required On Updates;" in the description
	anyProperties     bool        // additionalProperties: true (trimmed schemas)
	additional        *schemaNode // additionalProperties: {schema}
}

// apiDoc is the loaded document: component schemas and path templates with methods.
type apiDoc struct {
	schemas map[string]*schemaNode
	paths   map[string][]string // template -> upper-case methods
}

var (
	docOnce sync.Once
	docVal  *apiDoc
)

var (
	maxLengthRe = regexp.MustCompile(`Max length: (\d+);`)
)

// loadAPIDoc parses the embedded document once; a broken embed is a build bug, so panic.
func loadAPIDoc() *apiDoc {
	docOnce.Do(func() {
		var raw struct {
			Paths      map[string]map[string]json.RawMessage `json:"paths"`
			Components struct {
				Schemas map[string]*schemaNode `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(openapiJSON, &raw); err != nil {
			panic("simulator: embedded openapi: " + err.Error())
		}
		d := &apiDoc{schemas: raw.Components.Schemas, paths: map[string][]string{}}
		for _, s := range d.schemas {
			d.derive(s)
		}
		for p, ops := range raw.Paths {
			for m := range ops {
				if m == "parameters" {
					continue
				}
				d.paths[p] = append(d.paths[p], strings.ToUpper(m))
			}
		}
		docVal = d
	})
	return docVal
}

func (d *apiDoc) derive(s *schemaNode) {
	if s == nil {
		return
	}
	if m := maxLengthRe.FindStringSubmatch(s.Description); m != nil {
		s.maxLength, _ = strconv.Atoi(m[1])
	}
	s.requiredOnUpdates = strings.Contains(s.Description, "Required On Updates;")
	if len(s.AdditionalProperties) > 0 {
		if string(s.AdditionalProperties) == "true" {
			s.anyProperties = true
		} else if string(s.AdditionalProperties) != "false" {
			s.additional = &schemaNode{}
			if err := json.Unmarshal(s.AdditionalProperties, s.additional); err != nil {
				panic("simulator: embedded openapi: " + err.Error())
			}
			d.derive(s.additional)
		}
	}
	for _, p := range s.Properties {
		d.derive(p)
	}
	d.derive(s.Items)
}

// resolve follows $ref to the component schema.
func (d *apiDoc) resolve(s *schemaNode) *schemaNode {
	for s != nil && s.Ref != "" {
		s = d.schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

// kindSchema is the object schema of a stored kind.
func (d *apiDoc) kindSchema(kind string) *schemaNode {
	return d.schemas[schemaOf[kind]]
}

// isFreeForm reports schemas that accept anything: trimmed references
// (additionalProperties: true) and the source's `"type": "object"` placeholders with no
// properties, such as CustomFieldValue.value, that really hold any JSON value.
func (s *schemaNode) isFreeForm() bool {
	if s.anyProperties {
		return true
	}
	return s.Type == "object" && len(s.Properties) == 0 && s.additional == nil
}

// isRequired reports whether a property is in the schema's required list.
func (s *schemaNode) isRequired(name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// field walks a path of property names ("status", "id") through objects, arrays and $ref.
// It returns nil when the path does not exist; a free-form schema accepts any sub-path.
func (d *apiDoc) field(s *schemaNode, path []string) *schemaNode {
	f, _ := d.fieldThrough(s, path)
	return f
}

// fieldThrough is field, and also reports whether the path reaches or crosses an array
// ("types/id", "integratorTags"): ConnectWise searches those with childConditions only.
func (d *apiDoc) fieldThrough(s *schemaNode, path []string) (*schemaNode, bool) {
	s = d.resolve(s)
	array := false
	for _, name := range path {
		for s != nil && s.Type == "array" {
			s, array = d.resolve(s.Items), true
		}
		if s == nil {
			return nil, array
		}
		switch {
		case s.Properties[name] != nil:
			s = d.resolve(s.Properties[name])
		case s.additional != nil:
			s = d.resolve(s.additional)
		case s.isFreeForm():
			return &schemaNode{anyProperties: true}, array
		default:
			return nil, array
		}
	}
	return s, array || (s != nil && s.Type == "array")
}
