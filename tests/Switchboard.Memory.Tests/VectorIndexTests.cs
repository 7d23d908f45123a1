using Switchboard.Memory.Search;
using Xunit;

namespace Switchboard.Memory.Tests;

public sealed class VectorIndexTests
{
    [Fact]
    public void TheMostSimilarComeFirstAcrossBlocks()
    {
        using var index = new VectorIndex();
        for (var i = 1; i <= 9000; i++)
        {
            index.Add(i, "", MemoryKind.Chunk, [1, i / 9000f]);
        }

        var hits = index.Search([0, 1], MemoryScope.All, kinds: null, count: 3);

        Assert.Equal([9000L, 8999L, 8998L], hits.Select(h => h.Seq));
        Assert.True(hits[0].Similarity >= hits[1].Similarity);
    }

    [Fact]
    public void RemovedAndReplacedVectorsAreNotFoundAgain()
    {
        using var index = new VectorIndex();
        index.Add(1, "", MemoryKind.Note, [1, 0]);
        index.Add(2, "", MemoryKind.Note, [0.9f, 0.1f]);
        index.Remove(1);
        index.Add(2, "", MemoryKind.Note, [0, 1]);

        var hits = index.Search([1, 0], MemoryScope.All, null, 5);

        Assert.Equal([2L], hits.Select(h => h.Seq));
        Assert.Equal(0f, hits[0].Similarity, 5);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void ScopeAndKindsFilter()
    {
        using var index = new VectorIndex();
        index.Add(1, "/a", MemoryKind.Note, [1, 0]);
        index.Add(2, "/b", MemoryKind.Note, [1, 0]);
        index.Add(3, "", MemoryKind.Summary, [1, 0]);

        Assert.Equal([1L, 3L], index.Search([1, 0], MemoryScope.ForWorkspace("/a"), null, 5).Select(h => h.Seq).Order());
        Assert.Equal([3L], index.Search([1, 0], MemoryScope.All, new HashSet<MemoryKind> { MemoryKind.Summary }, 5).Select(h => h.Seq));
    }

    [Fact]
    public void VectorsOfAnotherLengthAreRefused()
    {
        using var index = new VectorIndex();
        index.Add(1, "", MemoryKind.Note, [1, 0, 0]);

        Assert.Throws<InvalidOperationException>(() => index.Add(2, "", MemoryKind.Note, [1, 0]));
        Assert.Throws<InvalidOperationException>(() => index.Search([1, 0], MemoryScope.All, null, 1));
        Assert.Throws<ArgumentException>(() => index.Add(3, "", MemoryKind.Note, []));
    }
}
