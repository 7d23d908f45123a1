using Switchboard.Memory.Chunking;
using Xunit;

namespace Switchboard.Memory.Tests;

public sealed class TextChunkerTests
{
    [Fact]
    public void ShortTextIsOneChunkAndBlankTextNone()
    {
        var chunker = new TextChunker(10, 2);

        Assert.Equal(["just a few words"], chunker.Chunk("  just a few words \n"));
        Assert.Empty(chunker.Chunk(" \n\t "));
    }

    [Fact]
    public void AChunkEndsAtAParagraphBreakInItsLastQuarter()
    {
        var chunker = new TextChunker(8, 1);
        var text = "one two three four five six seven\n\neight nine ten eleven twelve";

        var chunks = chunker.Chunk(text);

        Assert.Equal("one two three four five six seven", chunks[0]);
        Assert.StartsWith("seven\n\neight", chunks[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AChunkEndsAtASentenceEndWhenThereIsNoParagraph()
    {
        var chunker = new TextChunker(8, 0);

        var chunks = chunker.Chunk("a b c d e f g. h i j k l m n");

        Assert.Equal(["a b c d e f g.", "h i j k l m n"], chunks);
    }

    [Fact]
    public void ChunksAreVerbatimSlicesThatCoverEveryWord()
    {
        var chunker = new TextChunker(16, 4);
        var text = string.Join(' ', Enumerable.Range(0, 100).Select(i => i % 9 == 0 ? $"w{i}." : $"w{i}"));

        var chunks = chunker.Chunk(text);

        Assert.All(chunks, c => Assert.Contains(c, text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.InRange(c.Split(' ').Length, 1, 16));
        var covered = chunks.SelectMany(c => c.Split(' ')).Select(w => w.TrimEnd('.')).ToHashSet();
        Assert.Equal(100, covered.Count);
    }

    [Fact]
    public void AConversationIsRoleTaggedTurns()
    {
        var chunker = new TextChunker(100, 10);

        var chunks = chunker.ChunkConversation([new("user", " hi "), new("tool", ""), new("assistant", "hello")]);

        Assert.Equal(["user: hi\n\nassistant: hello"], chunks);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, -1)]
    [InlineData(10, 10)]
    public void BadSizesAreRefused(int words, int overlap) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new TextChunker(words, overlap));
}
