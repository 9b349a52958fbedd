using System.Security.Cryptography;
using System.Text;
using SourceAD.Tensors;

namespace TinyGpt.Training;

/// <summary>
/// The character-level data: the training and validation texts (Data/kjv-train.txt, Data/kjv-val.txt, a fixed split
/// made by Data/make_kjv.sh), encoded over the training text's characters. Batches are pure functions of (seed, step),
/// so a resumed run sees exactly the batches the uninterrupted run would.
/// </summary>
public sealed class CharCorpus
{
    /// <summary>The training text's file name.</summary>
    public const string TrainFile = "kjv-train.txt";

    /// <summary>The validation text's file name.</summary>
    public const string ValidationFile = "kjv-val.txt";

    private readonly Dictionary<char, int> _index;

    private CharCorpus(string directory, string train, string validation)
    {
        Directory = directory;
        Vocabulary = train.Distinct().Order().ToArray();
        _index = Vocabulary.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        Train = Encode(train, TrainFile);
        Validation = Encode(validation, ValidationFile);
        Hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(train + "\0" + validation)));
    }

    /// <summary>The folder the texts were read from.</summary>
    public string Directory { get; }

    /// <summary>The characters, in ordinal order: token i is Vocabulary[i].</summary>
    public char[] Vocabulary { get; }

    /// <summary>The training text as token ids.</summary>
    public int[] Train { get; }

    /// <summary>The validation text as token ids.</summary>
    public int[] Validation { get; }

    /// <summary>SHA-256 of both texts (hex).</summary>
    public string Hash { get; }

    /// <summary>
    /// Reads the two texts from <paramref name="directory"/>. Throws <see cref="TrainerException"/> naming the problem: a
    /// missing folder or file, a validation character the training text lacks, or a text shorter than one sequence.
    /// </summary>
    public static CharCorpus Load(string directory, int context)
    {
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new TrainerException($"Data folder '{full}' does not exist.");
        }
        string train = Read(TrainFile), validation = Read(ValidationFile);
        var corpus = new CharCorpus(full, train, validation);
        foreach ((string name, int[] tokens) in new[] { (TrainFile, corpus.Train), (ValidationFile, corpus.Validation) })
        {
            if (tokens.Length < context + 1)
            {
                throw new TrainerException($"'{Path.Combine(full, name)}' has {tokens.Length} characters; a sequence of --context {context} needs {context + 1}.");
            }
        }
        return corpus;

        string Read(string name)
        {
            string path = Path.Combine(full, name);
            if (!File.Exists(path))
            {
                throw new TrainerException($"Data folder '{full}' has no {name} (make it with Data/make_kjv.sh).");
            }
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TrainerException($"Cannot read '{path}': {e.Message}", e);
            }
        }
    }

    /// <summary>Token ids of <paramref name="text"/>; throws when a character is outside the vocabulary.</summary>
    public int[] Encode(string text, string what = "the prompt")
    {
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!_index.TryGetValue(text[i], out ids[i]))
            {
                throw new TrainerException($"{what} has the character U+{(int)text[i]:X4} at position {i}, which the training text lacks.");
            }
        }
        return ids;
    }

    /// <summary>The text of token ids.</summary>
    public string Decode(IEnumerable<int> ids) => new(ids.Select(i => Vocabulary[i]).ToArray());

    /// <summary>
    /// The training batch of step <paramref name="step"/>: <paramref name="batch"/> windows at offsets drawn from a
    /// generator seeded by (seed, step); tokens[b·T + t] = text[o_b + t], targets[b·T + t] = text[o_b + t + 1].
    /// </summary>
    public (int[] Tokens, int[] Targets) TrainBatch(ulong seed, long step, int batch, int context)
    {
        var rng = new SeededRandom(unchecked(seed * 0x9E3779B97F4A7C15UL ^ (ulong)step));
        int[] offsets = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            offsets[b] = rng.NextInt(Train.Length - context);
        }
        return Windows(Train, offsets, context);
    }

    /// <summary>
    /// Validation batch <paramref name="index"/> of <paramref name="count"/>: the <paramref name="count"/>·batch windows
    /// are spread evenly over the validation text, the same for every run, seed and optimizer.
    /// </summary>
    public (int[] Tokens, int[] Targets) ValidationBatch(int index, int count, int batch, int context)
    {
        int windows = count * batch;
        long span = Validation.Length - context - 1;
        int[] offsets = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            int w = index * batch + b;
            offsets[b] = windows == 1 ? 0 : (int)(span * w / (windows - 1));
        }
        return Windows(Validation, offsets, context);
    }

    /// <summary>
    /// The cross-entropy (nats per character) of the validation text under the training text's character frequencies:
    /// what a model that ignores context scores; a model that learned anything scores below it.
    /// </summary>
    public double UnigramCrossEntropy()
    {
        var counts = new long[Vocabulary.Length];
        foreach (int t in Train) counts[t]++;
        double sum = 0;
        foreach (int t in Validation) sum -= Math.Log((double)counts[t] / Train.Length);
        return sum / Validation.Length;
    }

    private static (int[] Tokens, int[] Targets) Windows(int[] text, int[] offsets, int context)
    {
        int[] tokens = new int[offsets.Length * context], targets = new int[tokens.Length];
        for (int b = 0; b < offsets.Length; b++)
        {
            Array.Copy(text, offsets[b], tokens, b * context, context);
            Array.Copy(text, offsets[b] + 1, targets, b * context, context);
        }
        return (tokens, targets);
    }
}
