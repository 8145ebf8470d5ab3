package epub
import "testing"
func BenchmarkWrite(b *testing.B){
 bk := loadMini(b)
 for b.Loop() { build(b, bk, Options{}) }
}
