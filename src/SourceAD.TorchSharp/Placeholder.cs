namespace SourceAD.TorchSharp;
