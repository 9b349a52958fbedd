using System.Collections.Generic;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// The analysis lowering runs on a lowered body before lowering the implicit helpers it calls: calls on constants made
/// passive (Analyses/ConstantCalls.cs), <paramref name="stillNeeded"/> the receivers of the calls that still need a
/// derivative. Lowering reads no later stage (the one-way pipeline, generators/README.md), so the entry point
/// (MethodPipeline) hands the analysis in.
/// </summary>
internal delegate MethodModel ConstantCallPass(MethodModel model, out HashSet<string> stillNeeded);
