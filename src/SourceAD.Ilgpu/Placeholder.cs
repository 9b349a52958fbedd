namespace SourceAD.Ilgpu;
