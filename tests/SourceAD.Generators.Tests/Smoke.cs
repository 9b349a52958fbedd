namespace SourceAD.Generators.Tests;
