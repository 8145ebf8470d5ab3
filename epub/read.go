package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
)

// Archive is an EPUB read back from its bytes, as a reading system opens
// it: its files by name, and its content documents in reading order.
type Archive struct {
	// Files are the archive's files by name.
	Files map[string]*zip.File
	// Spine lists the archive names of the content documents in reading
	// order, as the package document's spine gives them.
	Spine []string
}

// Open reads an EPUB held in memory: META-INF/container.xml names the
// package document, whose manifest and spine give the reading order.
func Open(data []byte) (*Archive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("epub: read: %w", err)
	}
	a := &Archive{Files: map[string]*zip.File{}}
	for _, f := range zr.File {
		a.Files[f.Name] = f
	}
	var container struct {
		Rootfiles []struct {
			FullPath string `xml:"full-path,attr"`
		} `xml:"rootfiles>rootfile"`
	}
	if err := a.decode("META-INF/container.xml", &container); err != nil {
		return nil, err
	}
	if len(container.Rootfiles) == 0 {
		return nil, errors.New("epub: read: no package document")
	}
	opfName := container.Rootfiles[0].FullPath
	var opf struct {
		Items []struct {
			ID   string `xml:"id,attr"`
			Href string `xml:"href,attr"`
		} `xml:"manifest>item"`
		Spine []struct {
			IDRef string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := a.decode(opfName, &opf); err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, it := range opf.Items {
		names[it.ID] = path.Join(path.Dir(opfName), it.Href)
	}
	for _, ref := range opf.Spine {
		if name, ok := names[ref.IDRef]; ok {
			a.Spine = append(a.Spine, name)
		}
	}
	return a, nil
}

// ReadFile returns the bytes of the archive's file name.
func (a *Archive) ReadFile(name string) ([]byte, error) {
	f, ok := a.Files[name]
	if !ok {
		return nil, fmt.Errorf("epub: read: no %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("epub: read %s: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("epub: read %s: %w", name, err)
	}
	return data, nil
}

// decode decodes the XML file name into v.
func (a *Archive) decode(name string, v any) error {
	data, err := a.ReadFile(name)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("epub: read %s: %w", name, err)
	}
	return nil
}
