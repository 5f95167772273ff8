using System.Collections.Concurrent;

namespace PosSim.Net.Internal;

/// <summary>A bounded, thread-safe pool: keeps at most <c>max</c> idle objects so a burst does not pin memory forever.</summary>
internal sealed class ObjectPool<T>(Func<T> factory, int max)
    where T : class
{
    private readonly ConcurrentQueue<T> _items = new();
    private int _count;

    public T Rent()
    {
        if (_items.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _count);
            return item;
        }

        return factory();
    }

    public void Return(T item)
    {
        if (Interlocked.Increment(ref _count) <= max)
        {
            _items.Enqueue(item);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
